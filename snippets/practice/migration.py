# The current forms of everything the migration guide lists; the old forms live on the page.

# --8<-- [start:setup]
import warnings

import torch
from torch import nn
import torch.nn.functional as F

device = "cuda" if torch.cuda.is_available() else "cpu"


def warning_from(code):
    """Run code() and return the first warning it raised, as 'Category: message'."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code()
    return f"{caught[0].category.__name__}: {caught[0].message}"
# --8<-- [end:setup]

# --8<-- [start:new-tensors]
x = torch.randn(4, 3)                       # data: no wrapper, no gradient
w = torch.randn(3, 2, requires_grad=True)   # a weight we want gradients for
# --8<-- [end:new-tensors]

# --8<-- [start:new-no-grad]
with torch.no_grad():
    y_eval = x @ w
# --8<-- [end:new-no-grad]

# --8<-- [start:new-item]
loss = (x @ w).pow(2).sum()
loss_value = loss.item()
# --8<-- [end:new-item]

# --8<-- [start:new-dtype]
a = torch.zeros(2, 3, dtype=torch.float32, device=device)    # shape (2, 3)
b = torch.tensor([2.0, 3.0], dtype=torch.float32, device=device)  # data [2, 3]
c = torch.randn(2, 2).to(device=device, dtype=torch.float64)
# --8<-- [end:new-dtype]

# --8<-- [start:new-update]
learning_rate = 0.1
loss.backward()
with torch.no_grad():        # the update itself must not be recorded
    w -= learning_rate * w.grad
w.grad = None                # or w.grad.zero_(); optimizers do this for you
# --8<-- [end:new-update]

# --8<-- [start:new-arange]
steps = torch.arange(0, 4)            # [0, 4): end excluded, like range()
grid = torch.linspace(0, 3, steps=4)  # 4 evenly spaced floats, end included
# --8<-- [end:new-arange]

# --8<-- [start:new-function]
from torch.autograd import Function


class LinearFunction(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


linear = LinearFunction.apply   # call the class's apply, never an instance
# --8<-- [end:new-function]

# --8<-- [start:new-gradcheck]
from torch.autograd import gradcheck

inputs = (
    torch.randn(4, 3, dtype=torch.double, requires_grad=True),
    torch.randn(2, 3, dtype=torch.double, requires_grad=True),
    torch.randn(2, dtype=torch.double, requires_grad=True),
)
ok = gradcheck(LinearFunction.apply, inputs, eps=1e-6, atol=1e-4)
# --8<-- [end:new-gradcheck]

# --8<-- [start:new-reduction]
pred, target = torch.randn(4, 2), torch.randn(4, 2)
loss_sum = nn.MSELoss(reduction="sum")(pred, target)    # was size_average=False
loss_mean = nn.MSELoss(reduction="mean")(pred, target)  # was 'elementwise_mean'; the default
loss_each = nn.MSELoss(reduction="none")(pred, target)  # was reduce=False
# --8<-- [end:new-reduction]

# --8<-- [start:new-sequential]
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)   # keys must be strings

    def forward(self, X):
        # every registered entry, in order; children() would yield a reused module once
        for module in self._modules.values():
            X = module(X)
        return X


net = MySequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 2))
# --8<-- [end:new-sequential]

# --8<-- [start:reused-layer]
torch.manual_seed(0)
shared = nn.Linear(8, 8)
layers = [nn.Linear(20, 8), shared, nn.ReLU(), shared]  # one layer used twice
mine = MySequential(*layers)
reference = nn.Sequential(*layers)
X20 = torch.rand(2, 20)
# --8<-- [end:reused-layer]

# --8<-- [start:new-mylinear]
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units))

    def forward(self, X):
        return F.relu(X @ self.weight + self.bias)   # the Parameters, not .data


dense = MyLinear(5, 3)
dense(torch.rand(2, 5)).sum().backward()
# --8<-- [end:new-mylinear]

# --8<-- [start:new-next]
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(torch.randn(8, 3), torch.arange(8)), batch_size=4)
images, labels = next(iter(loader))
# --8<-- [end:new-next]

# --8<-- [start:new-weights]
from torchvision.models import resnet18, ResNet18_Weights

model = resnet18(weights=None)          # random init: what pretrained=False meant
weights = ResNet18_Weights.DEFAULT      # the best ImageNet weights torchvision has
preprocess = weights.transforms()       # the preprocessing those weights expect
# --8<-- [end:new-weights]

# --8<-- [start:new-resize]
from torchvision import transforms

resize = transforms.Resize(256)   # was transforms.Scale(256)
# --8<-- [end:new-resize]

# --8<-- [start:new-scheduler]
def lrs_used(scheduler_first):
    """The learning rate each of 3 epochs trains with, for either call order."""
    layer = nn.Linear(2, 1)
    opt = torch.optim.SGD(layer.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.1)
    used = []
    for epoch in range(3):
        if scheduler_first:
            sched.step()             # the old order
        used.append(f"{opt.param_groups[0]['lr']:g}")
        opt.zero_grad()
        layer(torch.randn(1, 2)).sum().backward()
        opt.step()
        if not scheduler_first:
            sched.step()             # the current order: after optimizer.step()
    return used


new_order = lrs_used(scheduler_first=False)
# --8<-- [end:new-scheduler]

# --8<-- [start:new-zero-grad]
layer = nn.Linear(2, 1)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
layer(torch.randn(3, 2)).sum().backward()
opt.step()
opt.zero_grad()   # since 2.0: sets .grad to None instead of filling it with zeros
# --8<-- [end:new-zero-grad]

# --8<-- [start:new-save-load]
model = nn.Linear(3, 2)
torch.save(model.state_dict(), "linear_weights.pt")   # tensors only

restored = nn.Linear(3, 2)                    # rebuild the architecture in code ...
restored.load_state_dict(torch.load("linear_weights.pt"))   # ... then load the weights
restored.eval()
# --8<-- [end:new-save-load]

# --8<-- [start:new-full-model]
torch.save(model, "whole_model.pt")   # pickles the class too
# only for a file you trust: unpickling can run arbitrary code
whole = torch.load("whole_model.pt", weights_only=False)
# --8<-- [end:new-full-model]

# --8<-- [start:new-device]
device = "cuda" if torch.cuda.is_available() else "cpu"
model = nn.Linear(3, 2).to(device)
batch = torch.randn(4, 3).to(device)   # draw on the CPU, then move
out = model(batch)
# --8<-- [end:new-device]

# --8<-- [start:new-reshape]
m = torch.randn(3, 4)
flat = m.t().reshape(12)          # copies only when it has to
flat_too = m.t().contiguous().view(12)
# --8<-- [end:new-reshape]

# --8<-- [start:new-beyond]
w0 = torch.empty(3, 5)
nn.init.xavier_uniform_(w0)            # in-place initialisers end with "_"

lin = nn.Linear(5, 3)
lin(torch.randn(2, 5)).sum().backward()
total_norm = nn.utils.clip_grad_norm_(lin.parameters(), max_norm=1.0)

up = F.interpolate(torch.randn(1, 1, 2, 2), scale_factor=2)   # was F.upsample

A = torch.tensor([[2.0, 1.0], [1.0, 3.0]])
B = torch.tensor([[1.0], [2.0]])
X = torch.linalg.solve(A, B)           # A first; torch.solve(B, A) took B first

batch = torch.randn(4, 3).to(device, non_blocking=True)   # was .cuda(async=True)
# --8<-- [end:new-beyond]

# --8<-- [start:seed-claims]
bce = nn.BCELoss()(torch.tensor([0.5, 0.9]), torch.tensor([0.3, 1.0]))  # soft target 0.3
t = torch.tensor(2.0)
mixed = t * 0.5 + 1  # a tensor and Python numbers: no .item() needed
# --8<-- [end:seed-claims]
