# Snippets for the page nn/parameters: access, nested blocks, initialisation, tied parameters.

# --8<-- [start:mlp]
import torch
from torch import nn

net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
X = torch.rand(size=(2, 4))
# --8<-- [end:mlp]

# --8<-- [start:all-at-once]
shapes = [(name, tuple(param.shape)) for name, param in net.named_parameters()]
# --8<-- [end:all-at-once]

# --8<-- [start:data-trap]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (w ** 2).sum()   # dy/dw = 2 * w = [2, 4, 6]
w.data.mul_(2)       # changes w behind autograd's back
y.backward()         # uses the modified w: wrong gradient, no error
# --8<-- [end:data-trap]

# --8<-- [start:no-grad-safe]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (w ** 2).sum()
with torch.no_grad():
    w.mul_(2)        # autograd sees this change (version counter)
# --8<-- [end:no-grad-safe]

# --8<-- [start:nested]
def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())


def block2():
    net = nn.Sequential()
    for i in range(4):
        net.add_module(f"block{i}", block1())  # nest four block1's, named block0..block3
    return net


rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
# --8<-- [end:nested]

# --8<-- [start:init-normal]
def init_normal(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, mean=0, std=0.01)  # trailing _: in place
        nn.init.zeros_(m.bias)


net.apply(init_normal)  # calls init_normal on every submodule, then on net itself
# --8<-- [end:init-normal]

# --8<-- [start:init-constant]
def init_constant(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 1)
        nn.init.zeros_(m.bias)


net.apply(init_constant)
# --8<-- [end:init-constant]

# --8<-- [start:init-per-layer]
def init_xavier(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)


def init_42(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 42)


net[0].apply(init_xavier)
net[2].apply(init_42)
# --8<-- [end:init-per-layer]

# --8<-- [start:my-init]
init_log = []


def my_init(m):
    if isinstance(m, nn.Linear):
        init_log.append([(name, tuple(param.shape)) for name, param in m.named_parameters()][0])
        nn.init.uniform_(m.weight, -10, 10)
        with torch.no_grad():
            m.weight *= m.weight.abs() >= 5  # keep weights with |w| >= 5, zero the rest


net.apply(my_init)
# --8<-- [end:my-init]

# --8<-- [start:edit]
with torch.no_grad():
    net[0].weight[:] += 1
    net[0].weight[0, 0] = 42
# --8<-- [end:edit]

# --8<-- [start:shared]
torch.manual_seed(0)
shared = nn.Linear(8, 8)  # give the layer a name so it can be used twice
tied = nn.Sequential(nn.Linear(4, 8), nn.ReLU(),
                     shared, nn.ReLU(),
                     shared, nn.ReLU(),
                     nn.Linear(8, 1))
# --8<-- [end:shared]

# --8<-- [start:shared-grad]
import copy

untied = copy.deepcopy(tied)          # deepcopy keeps the tie (untied[2] is untied[4]) ...
untied[4] = copy.deepcopy(untied[2])  # ... so split it: same values, separate tensors

tied(X).sum().backward()
untied(X).sum().backward()
grad_sum = untied[2].weight.grad + untied[4].weight.grad
# --8<-- [end:shared-grad]
