# Dynamic vs static graphs: what PyTorch records, and what graph capture makes of Python code.
# --8<-- [start:models]
import random

import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
N, D_in, H, D_out = 64, 1000, 100, 10


class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        return self.linear2(h_relu)


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.input_linear(x).clamp(min=0)
        for _ in range(random.randint(0, 3)):
            h_relu = self.middle_linear(h_relu).clamp(min=0)
        return self.output_linear(h_relu)


torch.manual_seed(0)
x = torch.randn(N, D_in).to(device)
y = torch.randn(N, D_out).to(device)
model = TwoLayerNet(D_in, H, D_out).to(device)
dynamic = DynamicNet(D_in, H, D_out).to(device)
# --8<-- [end:models]

# --8<-- [start:autograd-graph]
def autograd_nodes(tensor):
    """Count the nodes of the autograd graph behind `tensor`, by type."""
    counts, seen, stack = {}, set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        counts[node.name()] = counts.get(node.name(), 0) + 1
        stack.extend(next_node for next_node, _ in node.next_functions)
    return dict(sorted(counts.items()))


loss = nn.functional.mse_loss(model(x), y, reduction="sum")
# --8<-- [end:autograd-graph]

# --8<-- [start:autograd-dynamic]
random.seed(0)
linear_layers = [autograd_nodes(dynamic(x))["AddmmBackward0"] for _ in range(6)]
# --8<-- [end:autograd-dynamic]

# --8<-- [start:fx]
import torch.fx

gm = torch.fx.symbolic_trace(model)
# --8<-- [end:fx]

# --8<-- [start:fx-dynamic]
random.seed(0)
traced = torch.fx.symbolic_trace(dynamic)  # random.randint runs once, here
traced_layers = [autograd_nodes(traced(x))["AddmmBackward0"] for _ in range(6)]
# --8<-- [end:fx-dynamic]

# --8<-- [start:gate]
class Gate(nn.Module):
    def forward(self, x):
        if x.sum() > 0:  # a Python `if` on a tensor's value
            return x
        return -x


class WhereGate(nn.Module):
    def forward(self, x):
        return torch.where(x.sum() > 0, x, -x)  # the branch as a tensor operation


where_gm = torch.fx.symbolic_trace(WhereGate())
# --8<-- [end:gate]

# --8<-- [start:export]
ep = torch.export.export(model, (x,))
# --8<-- [end:export]

# --8<-- [start:export-batch]
batch = torch.export.Dim("batch")
ep_batch = torch.export.export(model, (x,), dynamic_shapes={"x": {0: batch}})
out = ep_batch.module()(x[:8])
# --8<-- [end:export-batch]

# --8<-- [start:export-dynamic]
random.seed(0)
ep_dynamic = torch.export.export(dynamic, (x,))
# --8<-- [end:export-dynamic]

# --8<-- [start:cond]
class CondGate(nn.Module):
    def forward(self, x):
        return torch.cond(x.sum() > 0, lambda x: x.clone(), lambda x: -x, (x,))


ep_cond = torch.export.export(CondGate(), (x,))
# --8<-- [end:cond]

# --8<-- [start:exercise-1]
class Scaled(nn.Module):
    def __init__(self):
        super().__init__()
        self.double_it = True  # a plain Python flag, not a tensor

    def forward(self, x):
        if self.double_it:
            return x * 2
        return x


scaled = Scaled()
traced_scaled = torch.fx.symbolic_trace(scaled)
scaled.double_it = False  # switched off after tracing
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
gm_relu = torch.fx.symbolic_trace(model)
graph = gm_relu.graph
for node in list(graph.nodes):
    if node.op == "call_method" and node.target == "clamp":
        with graph.inserting_after(node):
            relu = graph.call_function(torch.relu, node.args)
        node.replace_all_uses_with(relu)
        graph.erase_node(node)
gm_relu.recompile()  # regenerate gm_relu.code from the changed graph
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class HalfOrDouble(nn.Module):
    def forward(self, x):
        return torch.cond(x.mean() > 0, lambda x: x * 2, lambda x: x / 2, (x,))


exported = torch.export.export(HalfOrDouble(), (x,)).module()


def expected(t):  # the same rule, in plain Python
    return t * 2 if t.mean() > 0 else t / 2
# --8<-- [end:exercise-3]
