# Extending autograd: new operations with a hand-written backward.

# --8<-- [start:relu]
import torch


class MyReLU(torch.autograd.Function):
    """ReLU with a hand-written backward pass."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)  # backward needs to know where input < 0
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        # grad_output: d(loss)/d(output); return d(loss)/d(input)
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input
# --8<-- [end:relu]

# --8<-- [start:relu-apply]
x = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
y = MyReLU.apply(x)  # call through apply, on the class
y.sum().backward()
# --8<-- [end:relu-apply]

# --8<-- [start:relu-builtin]
x_ref = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
torch.relu(x_ref).sum().backward()
# --8<-- [end:relu-builtin]

# --8<-- [start:linear]
from torch.autograd import Function


class LinearFunction(Function):
    """output = input @ weight.T + bias, like torch.nn.functional.linear."""

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
        # compute only what some input actually needs
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        # one gradient per forward input; None where there is none
        return grad_input, grad_weight, grad_bias
# --8<-- [end:linear]

# --8<-- [start:linear-apply]
linear = LinearFunction.apply

torch.manual_seed(0)
x = torch.randn(4, 3, requires_grad=True)
w = torch.randn(2, 3, requires_grad=True)
b = torch.randn(2, requires_grad=True)
out = linear(x, w, b)
out.sum().backward()
# --8<-- [end:linear-apply]

# --8<-- [start:linear-compare]
import torch.nn.functional as F

x_ref, w_ref, b_ref = (t.detach().clone().requires_grad_() for t in (x, w, b))
out_ref = F.linear(x_ref, w_ref, b_ref)
out_ref.sum().backward()
# --8<-- [end:linear-compare]

# --8<-- [start:needs-input-grad]
data = torch.randn(4, 3)  # plain data: needs no gradient
out = linear(data, w)  # and no bias this time
# --8<-- [end:needs-input-grad]

# --8<-- [start:gradcheck]
from torch.autograd import gradcheck

torch.manual_seed(0)
x = torch.randn(4, 3, dtype=torch.double, requires_grad=True)
w = torch.randn(2, 3, dtype=torch.double, requires_grad=True)
b = torch.randn(2, dtype=torch.double, requires_grad=True)
# --8<-- [end:gradcheck]

# --8<-- [start:float32]
x32, w32, b32 = (t.detach().float().requires_grad_() for t in (x, w, b))
# --8<-- [end:float32]

# --8<-- [start:finite-difference]
def relative_error(dtype, eps, x=1.5):
    """Central-difference estimate of d(x**3)/dx against the exact 3 * x**2."""
    x = torch.tensor(x, dtype=dtype)
    f = lambda t: t * t * t  # plain products: rounded the same way on any hardware
    numerical = (f(x + eps) - f(x - eps)) / (2 * eps)
    exact = 3 * x.item() ** 2
    return abs(numerical.item() - exact) / exact

epsilons = [10.0 ** -k for k in range(1, 13)]
errors = {dtype: [relative_error(dtype, eps) for eps in epsilons]
          for dtype in (torch.float32, torch.float64)}
# --8<-- [end:finite-difference]

# --8<-- [start:finite-difference-plot]
import os

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3.5))
for dtype, errs in errors.items():
    ax.loglog(epsilons, errs, marker="o", label=str(dtype).removeprefix("torch."))
ax.axvline(1e-6, color="gray", linestyle="--", linewidth=1)  # gradcheck's default eps
ax.set_xlabel("eps")
ax.set_ylabel("relative error")
ax.legend()
fig.tight_layout()
os.makedirs("figures", exist_ok=True)
fig.savefig("figures/finite-difference.svg", metadata={"Date": None})
# --8<-- [end:finite-difference-plot]

# --8<-- [start:bad-backward]
class BadLinear(LinearFunction):
    """LinearFunction with a classic slip in its backward."""

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_output.mm(weight)
        grad_weight = grad_output.t().mm(input)
        grad_bias = grad_output.mean(0)  # bug: should be sum(0)
        return grad_input, grad_weight, grad_bias
# --8<-- [end:bad-backward]

# --8<-- [start:module]
import math

from torch import nn


class MyLinear(nn.Module):
    """A linear layer that computes with LinearFunction."""

    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        # nn.Parameter: registered with the module, requires_grad=True
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        if bias:
            self.bias = nn.Parameter(torch.empty(out_features))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1 / math.sqrt(self.in_features)  # the range nn.Linear uses
        nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return LinearFunction.apply(input, self.weight, self.bias)

    def extra_repr(self):
        return (f"in_features={self.in_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")
# --8<-- [end:module]

# --8<-- [start:module-check]
torch.manual_seed(0)
layer = MyLinear(3, 2)
reference = nn.Linear(3, 2)
reference.load_state_dict(layer.state_dict())  # same weights in both
inputs = torch.randn(4, 3)
# --8<-- [end:module-check]

# --8<-- [start:module-train]
torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# a line to recover: targets = inputs @ [2, -3, 0.5] + 1
inputs = torch.randn(64, 3)
targets = inputs @ torch.tensor([[2.0], [-3.0], [0.5]]) + 1.0
inputs, targets = inputs.to(device), targets.to(device)

model = MyLinear(3, 1).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
losses = []
for step in range(100):
    loss = (model(inputs) - targets).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()  # runs LinearFunction.backward
    optimizer.step()
    losses.append(loss.item())
# --8<-- [end:module-train]


# --8<-- [start:exercise-1]
point = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.double, requires_grad=True)
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-1-difference]
eps = 1e-6  # gradcheck's default
at_zero = (MyReLU.apply(torch.tensor(eps)) - MyReLU.apply(torch.tensor(-eps))) / (2 * eps)
# --8<-- [end:exercise-1-difference]

# --8<-- [start:exercise-2]
class MyExp(Function):
    @staticmethod
    def forward(ctx, input):
        output = input.exp()
        ctx.save_for_backward(output)  # exp is its own derivative: keep the output
        return output

    @staticmethod
    def backward(ctx, grad_output):
        (output,) = ctx.saved_tensors
        return grad_output * output


torch.manual_seed(0)
t = torch.randn(5, dtype=torch.double, requires_grad=True)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class MulConstant(Function):
    @staticmethod
    def forward(ctx, input, scale):
        ctx.scale = scale  # not a tensor: kept on ctx
        return input * scale

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.scale, None  # no gradient for scale


class MulConstantOneGradient(MulConstant):
    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.scale  # one gradient for two inputs
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
class RoundSTE(Function):
    """Round in the forward pass; let the gradient through unchanged."""

    @staticmethod
    def forward(ctx, input):
        return input.round()

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output  # as if round were the identity


values = torch.tensor([0.2, 1.7, -0.6], requires_grad=True)
torch.round(values).sum().backward()
through_round = values.grad
values.grad = None
RoundSTE.apply(values).sum().backward()
through_ste = values.grad
# --8<-- [end:exercise-4]
