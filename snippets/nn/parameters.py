# Snippets for the page nn/parameters: access, nested blocks, initialisation, tied parameters.

# --8<-- [start:mlp]
import torch
from torch import nn

torch.manual_seed(0)
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


torch.manual_seed(0)
rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
# --8<-- [end:nested]

# --8<-- [start:init-normal]
def init_normal(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, mean=0, std=0.01)  # trailing _: in place
        nn.init.zeros_(m.bias)


torch.manual_seed(0)
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


torch.manual_seed(0)
net[0].apply(init_xavier)
net[2].apply(init_42)
# --8<-- [end:init-per-layer]

# --8<-- [start:default-init]
torch.manual_seed(0)
big = nn.Linear(500, 1000)  # fan_in = 500, fan_out = 1000
default_bound = 1 / 500 ** 0.5
# --8<-- [end:default-init]

# --8<-- [start:init-formulas]
torch.manual_seed(0)
W = torch.empty(256, 1024)  # (fan_out, fan_in): 262144 samples
fan_in, fan_out = 1024, 256

nn.init.xavier_uniform_(W)
xavier_bound = (6 / (fan_in + fan_out)) ** 0.5
xavier_max, xavier_std = W.abs().max().item(), W.std().item()

nn.init.kaiming_normal_(W, nonlinearity="relu")  # mode="fan_in" by default
kaiming_std = (2 / fan_in) ** 0.5
kaiming_emp = W.std().item()
# --8<-- [end:init-formulas]

# --8<-- [start:my-init]
init_log = []


def my_init(m):
    if isinstance(m, nn.Linear):
        init_log.append([(name, tuple(param.shape)) for name, param in m.named_parameters()][0])
        nn.init.uniform_(m.weight, -10, 10)
        with torch.no_grad():
            m.weight *= m.weight.abs() >= 5  # keep weights with |w| >= 5, zero the rest


torch.manual_seed(0)
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

# --8<-- [start:shared-once]
tied.zero_grad()
arrivals = []  # every gradient that reaches the shared weight
hook = tied[2].weight.register_hook(lambda g: arrivals.append(g.clone()))
tied(X).sum().backward()  # ONE backward pass through both uses
hook.remove()
# --8<-- [end:shared-once]

# --8<-- [start:shared-autograd-grad]
tied.zero_grad()
(g,) = torch.autograd.grad(tied(X).sum(), tied[2].weight)  # returns the gradient, no .grad
# --8<-- [end:shared-autograd-grad]

# --8<-- [start:exercise-1]
target = rgnet[0][2][2].weight
full_name = [name for name, p in rgnet.named_parameters() if p is target]
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def init_sign(m):
    """Every weight is +c or -c with equal chance, c = 1 / sqrt(fan_in); biases zero."""
    if isinstance(m, nn.Linear):
        c = 1 / m.in_features ** 0.5
        with torch.no_grad():
            signs = torch.randint(0, 2, m.weight.shape) * 2 - 1  # -1 or +1
            m.weight.copy_(c * signs)
            m.bias.zero_()


torch.manual_seed(0)
layer = nn.Linear(400, 300)
layer.apply(init_sign)
c = 1 / 400 ** 0.5
w = layer.weight.detach()
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
torch.manual_seed(0)
W3 = torch.empty(512, 256)  # (fan_out, fan_in) of an nn.Linear(256, 512)
nn.init.kaiming_normal_(W3, mode="fan_out", nonlinearity="relu")
std_fan_out = W3.std().item()
nn.init.kaiming_normal_(W3, mode="fan_in", nonlinearity="relu")
std_fan_in = W3.std().item()
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
lin = nn.Linear(1, 1, bias=False)
with torch.no_grad():
    lin.weight.fill_(3.0)
x1 = torch.tensor([[2.0]])
f = lin(lin(x1)).sum()  # f = w * (w * x) = w**2 * x
(df_dw,) = torch.autograd.grad(f, lin.weight)

eps = 1e-3  # central finite difference of w -> w**2 * x at w = 3
fd = ((3 + eps) ** 2 * 2 - (3 - eps) ** 2 * 2) / (2 * eps)
# --8<-- [end:exercise-4]
