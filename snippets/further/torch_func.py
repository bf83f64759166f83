# torch.func: function transforms (grad, vmap, jacrev, hessian, functional_call),
# per-sample gradients, and the move from torch.autograd.functional.

# --8<-- [start:grad]
import torch
from torch.func import grad

x = torch.linspace(0.0, 3.0, 4)


def f(x):
    return torch.sin(x).sum()


df = grad(f)(x)  # a function in, its gradient function out
d2 = grad(grad(torch.sin))(torch.tensor(1.0))  # derivatives compose
# --8<-- [end:grad]

# --8<-- [start:grad-aux]
def loss_and_pred(w, x, y):
    pred = x @ w
    return ((pred - y) ** 2).mean(), pred  # (value to differentiate, extra output)


torch.manual_seed(0)
w = torch.randn(3)
X, Y = torch.randn(5, 3), torch.randn(5)
dw, pred = grad(loss_and_pred, has_aux=True)(w, X, Y)  # d/dw only (argnums=0)
dw_dx = grad(loss_and_pred, argnums=(0, 1), has_aux=True)(w, X, Y)[0]
# --8<-- [end:grad-aux]

# --8<-- [start:vmap]
from torch.func import vmap

A = torch.randn(10, 3, 4)
B = torch.randn(10, 4, 2)
batched = vmap(torch.mm)(A, B)  # torch.mm knows no batch dimension; vmap adds one
same_as_bmm = torch.allclose(batched, torch.bmm(A, B))

v = torch.randn(4)
dots = vmap(torch.dot, in_dims=(0, None))(A[:, 0, :], v)  # None: v is shared, not batched
# --8<-- [end:vmap]

# --8<-- [start:functional-call]
from torch import nn
from torch.func import functional_call

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
params = {name: p.detach() for name, p in model.named_parameters()}

xb = torch.randn(6, 4)
zeros = {name: torch.zeros_like(p) for name, p in params.items()}
out_own = functional_call(model, params, (xb,))
out_zero = functional_call(model, zeros, (xb,))  # same module, other parameters
# --8<-- [end:functional-call]

# --8<-- [start:per-sample]
import torch.nn.functional as F

torch.manual_seed(0)
xs, ys = torch.randn(16, 4), torch.randn(16, 1)


def sample_loss(params, x, y):
    pred = functional_call(model, params, (x.unsqueeze(0),))  # one sample -> batch of 1
    return F.mse_loss(pred, y.unsqueeze(0))


per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, xs, ys)

# the slow way: one backward pass per sample
loop = {name: [] for name in params}
for i in range(len(xs)):
    model.zero_grad()
    F.mse_loss(model(xs[i : i + 1]), ys[i : i + 1]).backward()
    for name, p in model.named_parameters():
        loop[name].append(p.grad.clone())
loop = {name: torch.stack(g) for name, g in loop.items()}
matches = all(torch.allclose(per_sample[n], loop[n], atol=1e-6) for n in params)
# --8<-- [end:per-sample]

# --8<-- [start:jacobian]
from torch.func import jacrev


def g(x):
    return torch.stack([x[0] ** 2 * x[1], torch.sin(x[1]) + x[2], x.prod()])


x0 = torch.tensor([1.0, 2.0, 3.0])
J = jacrev(g)(x0)
J_old = torch.autograd.functional.jacobian(g, x0)


def energy(x):
    return (x**3).sum() + x[0] * x[1]


H = jacrev(jacrev(energy))(x0)  # reverse over reverse
H_old = torch.autograd.functional.hessian(energy, x0)
# --8<-- [end:jacobian]

# --8<-- [start:exercise-1]
def cube(x):
    return x**3


second = grad(grad(cube))(torch.tensor(2.0))  # d2/dx2 x^3 = 6x
h = 1e-2
fd = (cube(torch.tensor(2.0 + h)) - 2 * cube(torch.tensor(2.0)) + cube(torch.tensor(2.0 - h))) / h**2
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def scale_by_first(x):
    return x * x[0].item()  # leaves the tensor world for a Python float


try:
    vmap(scale_by_first)(torch.randn(3, 2))
except RuntimeError as error:
    item_error = error


def scale_by_first_fixed(x):
    return x * x[0]


fixed = vmap(scale_by_first_fixed)(torch.arange(6.0).reshape(3, 2))
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def per_sample_norms(params, xs, ys):
    grads = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, xs, ys)
    squares = sum(g.flatten(start_dim=1).pow(2).sum(dim=1) for g in grads.values())
    return squares.sqrt()


norms = per_sample_norms(params, xs, ys)
loop_norms = torch.stack([
    torch.sqrt(sum(loop[n][i].pow(2).sum() for n in params)) for i in range(len(xs))
])
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
def hvp(f, x, v):
    # H v is the gradient of the scalar (grad f(x)) . v
    return grad(lambda x: torch.dot(grad(f)(x), v))(x)


v0 = torch.tensor([1.0, -1.0, 0.5])
hv = hvp(energy, x0, v0)
hv_check = torch.allclose(hv, H @ v0)
hv_old = torch.autograd.functional.hvp(energy, x0, v0)[1]
# --8<-- [end:exercise-4]
