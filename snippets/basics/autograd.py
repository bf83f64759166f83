# Autograd: how PyTorch records operations and computes gradients.

# --8<-- [start:track]
import torch

x = torch.ones(2, 2, requires_grad=True)  # a leaf: created by the user
y = x + 2  # made by an operation, so it remembers that operation
z = y * y * 3
out = z.mean()
# --8<-- [end:track]

# --8<-- [start:walk]
def walk(fn, depth=0, lines=None):
    """List the backward graph that ends at grad_fn ``fn``, one node a line."""
    lines = [] if lines is None else lines
    lines.append("  " * depth + fn.name())
    for child, _ in fn.next_functions:
        if child is not None:  # None: an input that needs no gradient
            walk(child, depth + 1, lines)
    return lines
# --8<-- [end:walk]

# --8<-- [start:backward]
out.backward()  # d(out)/dx, stored in x.grad
# --8<-- [end:backward]

# --8<-- [start:accumulate]
x = torch.ones(2, 2, requires_grad=True)
out = (3 * (x + 2) ** 2).mean()

out.backward(retain_graph=True)  # keep the graph for a second pass
first = x.grad.clone()
out.backward()  # adds to x.grad instead of replacing it
# --8<-- [end:accumulate]

# --8<-- [start:shared]
w = torch.tensor(3.0, requires_grad=True)
arrivals = []  # what reaches w, each time a gradient arrives
w.register_hook(lambda grad: arrivals.append(grad.item()))
loss = w * w + 2 * w  # w is used in two places
loss.backward()
# --8<-- [end:shared]

# --8<-- [start:shared-twice]
w = torch.tensor(3.0, requires_grad=True)
arrivals = []
w.register_hook(lambda grad: arrivals.append(grad.item()))
(w * w).backward()  # two losses, two backward passes
(2 * w).backward()
# --8<-- [end:shared-twice]

# --8<-- [start:zero]
x.grad.zero_()  # in place: keeps the tensor, fills it with zeros
x.grad = None  # or drop it; the next backward creates a fresh one
# --8<-- [end:zero]

# --8<-- [start:requires-grad]
torch.manual_seed(0)
a = torch.randn(2, 2)
a = (a * 3) / (a - 1)
before = a.requires_grad  # False: tensors start without tracking
a.requires_grad_(True)  # switch tracking on, in place
b = (a * a).sum()
# --8<-- [end:requires-grad]

# --8<-- [start:vjp]
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)
y = x * 2
while y.norm() < 1000:  # how often this runs depends on x
    y = y * 2
# --8<-- [end:vjp]

# --8<-- [start:vjp-backward]
v = torch.tensor([0.1, 1.0, 0.0001])
y.backward(v)  # computes v^T J, where J = dy/dx
# --8<-- [end:vjp-backward]

# --8<-- [start:jacobian]
def f(x):
    return torch.stack([x[0] * x[1], x[1] ** 2, x.sum()])

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
J = torch.autograd.functional.jacobian(f, x)  # the full 3x3 matrix
v = torch.tensor([1.0, 0.5, -1.0])
f(x).backward(v)  # only the product v^T J
# --8<-- [end:jacobian]

# --8<-- [start:grad]
(g,) = torch.autograd.grad(f(x), x, grad_outputs=v)  # returned, not accumulated
# --8<-- [end:grad]

# --8<-- [start:no-grad]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
tracked = w * 2
with torch.no_grad():
    untracked = w * 2  # computed, but not recorded
# --8<-- [end:no-grad]

# --8<-- [start:no-grad-update]
w.grad = torch.tensor([0.5, 0.5, 0.5])
with torch.no_grad():
    w -= 0.1 * w.grad  # an update, not part of any model
# --8<-- [end:no-grad-update]

# --8<-- [start:no-grad-decorator]
@torch.no_grad()
def evaluate(w, inputs):
    return (inputs * w).sum()

score = evaluate(w, torch.ones(3))
# --8<-- [end:no-grad-decorator]

# --8<-- [start:detach]
x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
y = x.sigmoid()
y_const = y.detach()  # same storage, no history
# --8<-- [end:detach]

# --8<-- [start:data-trap]
x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
y = x.sigmoid()  # sigmoid saves y to compute its gradient
y.data.zero_()  # changes y behind autograd's back
y.sum().backward()  # runs, with a wrong result
# --8<-- [end:data-trap]

# --8<-- [start:detach-safe]
x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
y = x.sigmoid()
y.detach().zero_()  # same change, but autograd keeps count
# --8<-- [end:detach-safe]

# --8<-- [start:inference]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
with torch.inference_mode():
    pred = w * 2
# --8<-- [end:inference]

# --8<-- [start:inference-ok]
out = w * 2 + pred  # add saves neither input, so pred may take part
out.sum().backward()
# --8<-- [end:inference-ok]

# --8<-- [start:variable]
from torch.autograd import Variable

old = Variable(torch.ones(2), requires_grad=True)  # old style, still accepted
new = torch.ones(2, requires_grad=True)  # current style
# --8<-- [end:variable]

# --8<-- [start:train]
torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# N: batch size; D_in: input size; H: hidden size; D_out: output size
N, D_in, H, D_out = 64, 100, 32, 10

# data and weights are drawn on the CPU, then moved
x = torch.randn(N, D_in).to(device)
y = torch.randn(N, D_out).to(device)
w1 = torch.randn(D_in, H).to(device).requires_grad_()
w2 = torch.randn(H, D_out).to(device).requires_grad_()

learning_rate = 1e-5
losses = []
for t in range(300):
    # forward: the same operations as without autograd
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())

    # backward: fills w1.grad and w2.grad
    loss.backward()

    # update the weights without recording the update
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
    # clear the gradients, or the next backward adds to them
    w1.grad = None
    w2.grad = None
# --8<-- [end:train]

# --8<-- [start:exercise-1]
x = torch.tensor(2.0, requires_grad=True)
y = x * x  # uses x twice
z = y + x  # and x once more
z.backward(retain_graph=True)
after_one = x.grad.clone()
z.backward()
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def f(x):
    return torch.sin(x) * x**2

xs = torch.linspace(-2.0, 2.0, 9, dtype=torch.float64, requires_grad=True)
(auto,) = torch.autograd.grad(f(xs).sum(), xs)  # each f(x_i) depends on x_i only
eps = 1e-6
with torch.no_grad():
    numeric = (f(xs + eps) - f(xs - eps)) / (2 * eps)  # central difference
by_hand = torch.cos(xs) * xs**2 + 2 * xs * torch.sin(xs)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def g(x):
    return torch.stack([x[0] * x[1], x[1] ** 2, x.sum(), x[0] * x[2] ** 3])

p = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
q = g(p)
rows = []
for i in range(q.numel()):
    e_i = torch.zeros_like(q)
    e_i[i] = 1.0  # v = e_i picks row i: e_i^T J
    (row,) = torch.autograd.grad(q, p, grad_outputs=e_i, retain_graph=True)
    rows.append(row)
J_rows = torch.stack(rows)
J_full = torch.autograd.functional.jacobian(g, p)
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
t = torch.tensor(3.0, requires_grad=True)
sq = t**2
z_cut = t * sq.detach()  # sq enters as a constant
z_full = t * sq
# --8<-- [end:exercise-4]

# --8<-- [start:exercise-4-solution]
(g_cut,) = torch.autograd.grad(z_cut, t)
(g_full,) = torch.autograd.grad(z_full, t)
# --8<-- [end:exercise-4-solution]
