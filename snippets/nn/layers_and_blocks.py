# Snippets for the page nn/layers_and_blocks: Sequential, custom blocks, MySequential, nesting.

# --8<-- [start:sequential]
import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
X = torch.rand(2, 20)  # a batch of 2 examples with 20 features each
# --8<-- [end:sequential]

# --8<-- [start:mlp]
class MLP(nn.Module):
    def __init__(self):
        super().__init__()  # sets up the registries of parameters and submodules
        self.hidden = nn.Linear(20, 256)  # assigning a Module registers it
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))


mlp = MLP()
# --8<-- [end:mlp]

# --8<-- [start:broken-sequential]
class OldSequential(nn.Module):
    """Code from older tutorials: keys _modules by the module object itself. Do not use."""
    def __init__(self, *args):
        super().__init__()
        for block in args:
            self._modules[block] = block

    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X


broken = OldSequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
# --8<-- [end:broken-sequential]

# --8<-- [start:my-sequential]
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            # register under the names "0", "1", ... like nn.Sequential does
            self.add_module(str(idx), module)

    def forward(self, X):
        # every registered entry, in order: what nn.Sequential itself iterates
        for module in self._modules.values():
            X = module(X)
        return X


my_net = MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
# --8<-- [end:my-sequential]

# --8<-- [start:same-layers]
layers = [nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10)]
ours, theirs = MySequential(*layers), nn.Sequential(*layers)
# --8<-- [end:same-layers]

# --8<-- [start:children-trap]
class ChildrenSequential(MySequential):
    def forward(self, X):
        for module in self.children():  # WRONG: yields a reused module once
            X = module(X)
        return X


torch.manual_seed(0)
shared = nn.Linear(20, 20)
reused = [shared, nn.ReLU(), shared]  # one layer used twice
via_children = ChildrenSequential(*reused)
ours, theirs = MySequential(*reused), nn.Sequential(*reused)
# --8<-- [end:children-trap]

# --8<-- [start:inplace]
relu = nn.ReLU(inplace=True)
t = torch.tensor([-1.0, 2.0, -3.0])
t_out = relu(t)  # overwrites t and returns it
# --8<-- [end:inplace]

# --8<-- [start:inplace-residual]
torch.manual_seed(0)
layer = nn.Linear(4, 4)
x = torch.randn(2, 4)
h = layer(x)
expected = h + torch.relu(h)      # a residual connection: h + relu(h)
got = h + nn.ReLU(inplace=True)(h)  # relu overwrites h before the addition reads it
# --8<-- [end:inplace-residual]

# --8<-- [start:inplace-saved]
z = torch.randn(2, 4).requires_grad_()
sig = torch.sigmoid(z)              # sigmoid saves its output for backward
r = nn.ReLU(inplace=True)(sig)      # ... and relu overwrites that output
# --8<-- [end:inplace-saved]

# --8<-- [start:plain-list]
class ListMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(20, 256), nn.Linear(256, 10)]  # a plain list: NOT registered

    def forward(self, X):
        return self.layers[1](F.relu(self.layers[0](X)))


class ModuleListMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(20, 256), nn.Linear(256, 10)])  # registered

    def forward(self, X):
        return self.layers[1](F.relu(self.layers[0](X)))
# --8<-- [end:plain-list]

# --8<-- [start:fixed-hidden]
torch.manual_seed(0)


class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        # a constant: no gradient, never updated by the optimizer
        self.rand_weight = torch.rand((20, 20), requires_grad=False)
        self.linear = nn.Linear(20, 20)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(torch.mm(X, self.rand_weight + 1))
        X = self.linear(X)  # the same layer again: its parameters are shared
        while X.abs().sum() > 1:  # ordinary Python control flow
            X /= 2
        return X.sum()


fixed = FixedHiddenMLP()
# --8<-- [end:fixed-hidden]

# --8<-- [start:buffer]
class FixedHiddenMLPBuffer(nn.Module):
    def __init__(self):
        super().__init__()
        # a buffer: saved in state_dict and moved by .to(), but not a parameter
        self.register_buffer("rand_weight", torch.rand((20, 20)))
        self.linear = nn.Linear(20, 20)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(torch.mm(X, self.rand_weight + 1))
        X = self.linear(X)
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()


torch.manual_seed(0)
fixed_buf = FixedHiddenMLPBuffer()
# --8<-- [end:buffer]

# --8<-- [start:nest]
class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(),
                                 nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, X):
        return self.linear(self.net(X))


torch.manual_seed(0)
chimera = nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
# --8<-- [end:nest]

# --8<-- [start:add-module]
seq = nn.Sequential()
seq.add_module("hidden", nn.Linear(20, 256))
seq.add_module("act", nn.ReLU())
seq.add_module("output", nn.Linear(256, 10))
# --8<-- [end:add-module]

# --8<-- [start:ordered-dict]
from collections import OrderedDict

named = nn.Sequential(OrderedDict([
    ("hidden", nn.Linear(20, 256)),
    ("act", nn.ReLU()),
    ("output", nn.Linear(256, 10)),
]))
# --8<-- [end:ordered-dict]

# --8<-- [start:exercise-1]
bad = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(4, 2))
good = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))  # in = previous out
batch3 = torch.rand(3, 4)
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
torch.manual_seed(0)
data = torch.tensor([-2.0, 1.0])
first_inplace = nn.Sequential(nn.ReLU(inplace=True), nn.Linear(2, 1))
y = first_inplace(data)  # the ReLU writes into `data` itself
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = nn.Linear(16, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, X):
        for _ in range(3):  # the same layer, three times
            X = F.relu(self.shared(X))
        return self.out(X)


torch.manual_seed(0)
tied = Tied()
n_tensors = len(list(tied.parameters()))
n_numbers = sum(p.numel() for p in tied.parameters())
X16 = torch.rand(2, 16)
relu = nn.ReLU()
as_sequential = nn.Sequential(tied.shared, relu, tied.shared, relu, tied.shared, relu, tied.out)
as_children = ChildrenSequential(tied.shared, relu, tied.shared, relu, tied.shared, relu, tied.out)
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
class Parallel(nn.Module):
    """Runs every block on the same input and concatenates the outputs along dim 1."""
    def __init__(self, *blocks):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)  # registered, unlike a plain list

    def forward(self, X):
        return torch.cat([block(X) for block in self.blocks], dim=1)


torch.manual_seed(0)
a, b = nn.Linear(20, 10), nn.Sequential(nn.Linear(20, 20), nn.ReLU())
par = Parallel(a, b)
# --8<-- [end:exercise-4]
