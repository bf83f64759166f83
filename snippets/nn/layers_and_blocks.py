# Snippets for the page nn/layers_and_blocks: Sequential, custom blocks, MySequential, nesting.

# --8<-- [start:sequential]
import torch
from torch import nn
from torch.nn import functional as F

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
class NotesSequential(nn.Module):
    """The notes' version: keys _modules by the module object itself. Do not use."""
    def __init__(self, *args):
        super().__init__()
        for block in args:
            self._modules[block] = block

    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X


broken = NotesSequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
# --8<-- [end:broken-sequential]

# --8<-- [start:my-sequential]
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            # register under the names "0", "1", ... like nn.Sequential does
            self.add_module(str(idx), module)

    def forward(self, X):
        for module in self.children():  # in registration order
            X = module(X)
        return X


my_net = MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
# --8<-- [end:my-sequential]

# --8<-- [start:same-layers]
layers = [nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10)]
ours, theirs = MySequential(*layers), nn.Sequential(*layers)
# --8<-- [end:same-layers]

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
