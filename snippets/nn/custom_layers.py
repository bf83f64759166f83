# Custom layers: a layer without parameters, a layer with parameters, and the
# `.data` bug from older tutorials.

# --8<-- [start:centered]
import torch
import torch.nn.functional as F
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"


class CenteredLayer(nn.Module):
    """Subtract the mean: no parameters, only a forward computation."""

    def forward(self, X):
        return X - X.mean()


layer = CenteredLayer()
x = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0])  # was torch.FloatTensor([1, 2, 3, 4, 5])
# --8<-- [end:centered]

# --8<-- [start:centered-in-net]
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(8, 128), CenteredLayer()).to(device)
Y = net(torch.rand(4, 8).to(device))
# --8<-- [end:centered-in-net]

# --8<-- [start:buggy]
class MyLinearWithData(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units))

    def forward(self, X):
        # BUG: .data is a plain tensor outside autograd
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)


torch.manual_seed(0)
dense = MyLinearWithData(5, 3).to(device)
out = dense(torch.rand(2, 5).to(device))
# --8<-- [end:buggy]

# --8<-- [start:buggy-loud]
torch.manual_seed(0)
net = nn.Sequential(MyLinearWithData(64, 8), MyLinearWithData(8, 1)).to(device)
loss = net(torch.rand(2, 64).to(device)).sum()
try:
    loss.backward()
except RuntimeError as e:
    backward_error = e
# --8<-- [end:buggy-loud]

# --8<-- [start:buggy-silent]
torch.manual_seed(0)
X = torch.randn(64, 5).to(device)
y = (X.sum(dim=1, keepdim=True) > 0).float()  # a toy target

net = nn.Sequential(MyLinearWithData(5, 8), nn.Linear(8, 1)).to(device)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
w_before = net[0].weight.detach().clone()

loss = F.binary_cross_entropy_with_logits(net(X), y)
optimizer.zero_grad()
loss.backward()  # no error this time ...
optimizer.step()
# --8<-- [end:buggy-silent]

# --8<-- [start:fixed]
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units))

    def forward(self, X):
        # use the parameters themselves, so autograd records the matmul
        return F.relu(X @ self.weight + self.bias)


torch.manual_seed(0)
dense = MyLinear(5, 3).to(device)
out = dense(torch.rand(2, 5).to(device))
# --8<-- [end:fixed]

# --8<-- [start:fixed-train]
def train(net, steps=50):
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    losses = []
    for _ in range(steps):
        loss = F.binary_cross_entropy_with_logits(net(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


torch.manual_seed(0)
fixed_net = nn.Sequential(MyLinear(5, 8), nn.Linear(8, 1)).to(device)
torch.manual_seed(0)
buggy_net = nn.Sequential(MyLinearWithData(5, 8), nn.Linear(8, 1)).to(device)
fixed_w0 = fixed_net[0].weight.detach().clone()
buggy_w0 = buggy_net[0].weight.detach().clone()
fixed_losses = train(fixed_net)
buggy_losses = train(buggy_net)
# --8<-- [end:fixed-train]

# --8<-- [start:better]
import math


class Dense(nn.Module):
    """A linear layer + ReLU, written the way nn.Linear is."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        # nn.Linear's layout: (out, in)
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.empty(out_features))
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1 / math.sqrt(self.in_features)
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, X):
        return F.relu(F.linear(X, self.weight, self.bias))

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}"


torch.manual_seed(0)
net = nn.Sequential(Dense(64, 8), Dense(8, 1)).to(device)
out = net(torch.rand(2, 64).to(device))

# Spread of the pre-activations under each initialization (on the CPU).
X64 = torch.rand(1000, 64)
spread_randn = (X64 @ MyLinear(64, 8).weight).std().item()
spread_dense = F.linear(X64, Dense(64, 8).weight).std().item()
# --8<-- [end:better]

# --8<-- [start:state]
class RunningMean(nn.Module):
    """Centre the input with a running mean kept as module state."""

    def __init__(self, num_features, momentum=0.1):
        super().__init__()
        self.momentum = momentum
        self.scale = nn.Parameter(torch.ones(num_features))  # learned
        self.register_buffer("mean", torch.zeros(num_features))  # state, not learned
        self.plain = torch.zeros(num_features)  # a plain attribute: invisible

    def forward(self, X):
        if self.training:
            with torch.no_grad():  # the statistic is not part of the graph
                self.mean.lerp_(X.mean(dim=0), self.momentum)
        return (X - self.mean) * self.scale


layer = RunningMean(3).to(device)
layer(torch.ones(4, 3).to(device))
# --8<-- [end:state]

# --8<-- [start:exercise-1]
class Forgetful(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.randn(3, requires_grad=True)  # a plain tensor attribute

    def forward(self, X):
        return X * self.w


forgetful = Forgetful()
try:
    torch.optim.SGD(forgetful.parameters(), lr=0.1)
except ValueError as e:
    optimizer_error = e
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def params_without_grad(model, loss):
    """Names of the parameters that one backward pass leaves without a gradient."""
    model.zero_grad()
    loss.backward()
    return [name for name, p in model.named_parameters() if p.grad is None]


torch.manual_seed(0)
suspect = nn.Sequential(MyLinearWithData(5, 8), nn.Linear(8, 1))
healthy = nn.Sequential(MyLinear(5, 8), nn.Linear(8, 1))
X5 = torch.randn(4, 5)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class Scale(nn.Module):
    """Multiply the input by one learnable number."""

    def __init__(self):
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(()))

    def forward(self, X):
        return self.alpha * X


torch.manual_seed(0)
scale = Scale()
X3 = torch.randn(4, 3)
loss = (scale(X3) ** 2).sum()
loss.backward()
analytic = 2 * scale.alpha.detach() * (X3 ** 2).sum()  # d/da sum((a x)^2) = 2a sum(x^2)

a, eps = scale.alpha.item(), 1e-3  # central difference, in float64
X3d = X3.double()
numeric = (((a + eps) * X3d) ** 2 - ((a - eps) * X3d) ** 2).sum() / (2 * eps)
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
torch.manual_seed(0)
dense = Dense(64, 8)
linear = nn.Linear(64, 8)
load_result = linear.load_state_dict(dense.state_dict())  # same names, same shapes
X64 = torch.rand(3, 64)
same_output = torch.equal(dense(X64), F.relu(linear(X64)))

old_style = MyLinear(64, 8)  # weight stored as (in, out)
try:
    linear.load_state_dict(old_style.state_dict())
except RuntimeError as e:
    layout_error = e
# --8<-- [end:exercise-4]
