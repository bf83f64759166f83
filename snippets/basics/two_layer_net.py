# Learning PyTorch with examples: one two-layer network, eight ways.
# --8<-- [start:data]
import numpy as np
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"

# batch size, input size, hidden size, output size
N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)
# Draw on the CPU, then move: the same numbers on every machine.
x = torch.randn(N, D_in).to(device)
y = torch.randn(N, D_out).to(device)
# One set of starting weights for the first four versions.
w1_init = torch.randn(D_in, H).to(device)
w2_init = torch.randn(H, D_out).to(device)

history = {}  # version name -> loss at every step


def summary(losses):
    """First and last loss, to 3 significant digits."""
    return f"step 0: {losses[0]:.3g}   step {len(losses) - 1}: {losses[-1]:.3g}"
# --8<-- [end:data]

# --8<-- [start:numpy]
x_np, y_np = x.cpu().numpy(), y.cpu().numpy()
w1 = w1_init.cpu().numpy().copy()
w2 = w2_init.cpu().numpy().copy()

learning_rate = 1e-6
losses = []
for t in range(200):
    # forward pass
    h = x_np @ w1
    h_relu = np.maximum(h, 0)
    y_pred = h_relu @ w2
    loss = np.square(y_pred - y_np).sum()
    losses.append(loss.item())

    # backward pass, derived by hand with the chain rule
    grad_y_pred = 2.0 * (y_pred - y_np)
    grad_w2 = h_relu.T @ grad_y_pred
    grad_h_relu = grad_y_pred @ w2.T
    grad_h = grad_h_relu.copy()
    grad_h[h < 0] = 0
    grad_w1 = x_np.T @ grad_h

    # gradient descent
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
history["numpy"] = losses
# --8<-- [end:numpy]

# --8<-- [start:tensors]
w1 = w1_init.clone()
w2 = w2_init.clone()

learning_rate = 1e-6
losses = []
for t in range(200):
    h = x @ w1
    h_relu = h.clamp(min=0)
    y_pred = h_relu @ w2
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())

    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.T @ grad_y_pred
    grad_h_relu = grad_y_pred @ w2.T
    grad_h = grad_h_relu.clone()
    grad_h[h < 0] = 0
    grad_w1 = x.T @ grad_h

    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
history["tensors"] = losses
# --8<-- [end:tensors]

# --8<-- [start:autograd]
w1 = w1_init.clone().requires_grad_()
w2 = w2_init.clone().requires_grad_()

learning_rate = 1e-6
losses = []
for t in range(200):
    y_pred = (x @ w1).clamp(min=0) @ w2
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())

    loss.backward()  # fills w1.grad and w2.grad

    with torch.no_grad():  # the update is not part of the model
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()  # backward() adds to .grad: reset it
        w2.grad.zero_()
history["autograd"] = losses
# --8<-- [end:autograd]

# --8<-- [start:check]
w1 = w1_init.clone().requires_grad_()
w2 = w2_init.clone().requires_grad_()
h = x @ w1
y_pred = h.clamp(min=0) @ w2
loss = (y_pred - y).pow(2).sum()
loss.backward()

# the gradient of w1 once more, by hand, as in the tensor version
with torch.no_grad():
    grad_h = 2.0 * (y_pred - y) @ w2.T
    grad_h[h < 0] = 0
    grad_w1 = x.T @ grad_h
# --8<-- [end:check]

# --8<-- [start:function]
class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)  # keep what backward needs
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


w1 = w1_init.clone().requires_grad_()
w2 = w2_init.clone().requires_grad_()

learning_rate = 1e-6
losses = []
for t in range(200):
    y_pred = MyReLU.apply(x @ w1) @ w2
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())

    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
history["function"] = losses
# --8<-- [end:function]

# --8<-- [start:nn]
from torch import nn

torch.manual_seed(1)  # the same starting weights for every nn version below
model = nn.Sequential(
    nn.Linear(D_in, H),
    nn.ReLU(),
    nn.Linear(H, D_out),
).to(device)
loss_fn = nn.MSELoss(reduction="sum")

learning_rate = 1e-4
losses = []
for t in range(200):
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    losses.append(loss.item())

    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad
history["nn"] = losses
# --8<-- [end:nn]

# --8<-- [start:optim]
def train(model, optimizer, steps=200):
    losses = []
    for t in range(steps):
        loss = loss_fn(model(x), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def two_layer_model():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(D_in, H), nn.ReLU(), nn.Linear(H, D_out)).to(device)


model = two_layer_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
history["adam"] = train(model, optimizer)
# --8<-- [end:optim]

# --8<-- [start:sgd]
model = two_layer_model()
history["sgd"] = train(model, torch.optim.SGD(model.parameters(), lr=1e-4))

model = two_layer_model()
history["momentum"] = train(model, torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9))
# --8<-- [end:sgd]

# --8<-- [start:module]
class TwoLayerNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = nn.Linear(D_in, H)
        self.linear2 = nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        return self.linear2(h_relu)


torch.manual_seed(1)
model = TwoLayerNet(D_in, H, D_out).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
history["module"] = train(model, optimizer)
# --8<-- [end:module]

# --8<-- [start:dynamic]
import random


class DynamicNet(nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = nn.Linear(D_in, H)
        self.middle_linear = nn.Linear(H, H)
        self.output_linear = nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.input_linear(x).clamp(min=0)
        # 0 to 3 extra layers, decided anew at every call,
        # all sharing the weights of middle_linear
        for _ in range(random.randint(0, 3)):
            h_relu = self.middle_linear(h_relu).clamp(min=0)
        return self.output_linear(h_relu)


random.seed(0)
torch.manual_seed(1)
model = DynamicNet(D_in, H, D_out).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
history["dynamic"] = train(model, optimizer)
# --8<-- [end:dynamic]

# --8<-- [start:shared]
uses, writes = [], []
layer = model.middle_linear
# one entry per call of the layer, one per write into its weight's .grad
use_hook = layer.register_forward_hook(lambda module, inputs, output: uses.append(1))
write_hook = layer.weight.register_post_accumulate_grad_hook(lambda p: writes.append(1))

random.seed(0)  # the first draw is 3: three extra layers
model.zero_grad()
loss_fn(model(x), y).backward()
use_hook.remove()
write_hook.remove()
# --8<-- [end:shared]

# --8<-- [start:plot]
import os

import matplotlib.pyplot as plt

# dashed or dotted: a curve that lies on top of an earlier one
style = {"tensors": "--", "autograd": "-.", "function": ":", "sgd": "--", "module": ":"}

# path.simplify off: draw every step, not a thinned-out version of each curve
with plt.rc_context({"path.simplify": False}):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, losses in history.items():
        ax.plot(losses, style.get(name, "-"), label=name)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss (sum of squared errors)")
    ax.legend(ncol=2)
    fig.tight_layout()

    os.makedirs("figures", exist_ok=True)
    fig.savefig("figures/loss.svg", metadata={"Date": None})
# --8<-- [end:plot]


# --8<-- [start:exercise-1]
model = two_layer_model()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
losses = []
for t in range(5):
    loss = loss_fn(model(x), y)
    losses.append(loss.item())
    loss.backward()
    optimizer.zero_grad()  # too early: the gradients are gone before step()
    optimizer.step()
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
torch.manual_seed(0)
xs, ys = torch.randn(8, 5, dtype=torch.double), torch.randn(8, 3, dtype=torch.double)
w1 = torch.randn(5, 4, dtype=torch.double, requires_grad=True)
b1 = torch.randn(4, dtype=torch.double, requires_grad=True)
w2 = torch.randn(4, 3, dtype=torch.double, requires_grad=True)

h = xs @ w1 + b1  # b1 is added to every row
y_pred = h.clamp(min=0) @ w2
loss = (y_pred - ys).pow(2).sum()
loss.backward()

with torch.no_grad():  # the same gradients by hand
    grad_h = 2.0 * (y_pred - ys) @ w2.T
    grad_h[h < 0] = 0
    grad_w1 = xs.T @ grad_h
    grad_b1 = grad_h.sum(0)  # one contribution per row, summed
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
lr, mu = 1e-5, 0.9

model = two_layer_model()  # reference: torch.optim
reference = train(model, torch.optim.SGD(model.parameters(), lr=lr, momentum=mu), steps=10)

model = two_layer_model()  # the same update, by hand
velocity = [torch.zeros_like(p) for p in model.parameters()]
mine = []
for t in range(10):
    loss = loss_fn(model(x), y)
    mine.append(loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p, v in zip(model.parameters(), velocity):
            v.mul_(mu).add_(p.grad)  # v <- mu * v + g
            p -= lr * v  # w <- w - lr * v
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
torch.manual_seed(0)
inputs = torch.randn(8, 6)
shared = nn.Linear(6, 6)
first, second = nn.Linear(6, 6), nn.Linear(6, 6)
first.load_state_dict(shared.state_dict())  # untied copies, same starting values
second.load_state_dict(shared.state_dict())

shared(shared(inputs).clamp(min=0)).sum().backward()  # one layer used twice
second(first(inputs).clamp(min=0)).sum().backward()  # two layers used once each
# --8<-- [end:exercise-4]
