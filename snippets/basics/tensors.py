# --8<-- [start:create]
import torch

torch.manual_seed(0)  # the same random numbers as on this page
e = torch.empty(5, 3)  # memory is allocated but not initialised: values are whatever was there
r = torch.rand(5, 3)  # uniform on [0, 1)
z = torch.zeros(5, 3, dtype=torch.long)
d = torch.tensor([5.5, 3.0])  # straight from Python data
x = torch.randn_like(e)  # same shape and dtype as e, standard normal values
# --8<-- [end:create]

# --8<-- [start:add]
y = torch.rand(5, 3)
s1 = x + y
s2 = torch.add(x, y)
result = torch.empty(5, 3)
torch.add(x, y, out=result)  # writes into a tensor you already own
# --8<-- [end:add]

# --8<-- [start:out-autograd]
p = torch.ones(3, requires_grad=True)  # a tensor autograd tracks
buffer = torch.empty(3)
# --8<-- [end:out-autograd]

# --8<-- [start:in-place]
before = y.clone()
y.add_(x)  # trailing underscore: changes y itself
# --8<-- [end:in-place]

# --8<-- [start:transpose]
t = torch.arange(6).reshape(2, 3)
t.t_()  # in place: t is now 3 x 2
# --8<-- [end:transpose]

# --8<-- [start:in-place-saved]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w.exp()  # exp saves its output h: d exp(w)/dw = exp(w)
h.add_(1)  # overwrites the saved value; no error yet
# --8<-- [end:in-place-saved]

# --8<-- [start:in-place-unsaved]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * 2  # multiplying by a constant saves nothing about h
h.add_(1)
h.sum().backward()  # fine
# --8<-- [end:in-place-unsaved]

# --8<-- [start:reshape]
torch.manual_seed(0)
x = torch.randn(4, 4)
flat = x.view(16)
halves = x.view(-1, 8)  # -1: inferred from the other dimensions
# --8<-- [end:reshape]

# --8<-- [start:contiguous]
wide = torch.arange(6).reshape(2, 3)
tall = wide.t()  # a transposed view: same memory, different strides
# --8<-- [end:contiguous]

# --8<-- [start:squeeze]
v = torch.tensor([1.0, 2.0, 3.0])  # shape (3,)
col = v.unsqueeze(1)  # (3, 1): a new dimension of size 1 at position 1
row = v.unsqueeze(0)  # (1, 3)
back = col.squeeze(1)  # (3,): removes that dimension again
# --8<-- [end:squeeze]

# --8<-- [start:cat-stack]
a = torch.zeros(2, 3)
b = torch.ones(2, 3)
rows = torch.cat([a, b])  # along an existing dimension (0): (4, 3)
cols = torch.cat([a, b], dim=1)  # (2, 6)
stacked = torch.stack([a, b])  # along a new dimension 0: (2, 2, 3)
# --8<-- [end:cat-stack]

# --8<-- [start:broadcast]
m = torch.arange(6.0).reshape(2, 3)  # (2, 3)
bias = torch.tensor([10.0, 20.0, 30.0])  # (3,): read as (1, 3)
scale = torch.tensor([[1.0], [-1.0]])  # (2, 1)
shifted = m + bias  # bias added to every row
scaled = m * scale  # each row times its own factor
outer = col * row  # (3, 1) * (1, 3) -> (3, 3)
# --8<-- [end:broadcast]

# --8<-- [start:expand]
big = scale.expand_as(m)  # (2, 1) -> (2, 3) without copying
# --8<-- [end:expand]

# --8<-- [start:broadcast-trap]
torch.manual_seed(0)
target = torch.randn(4)  # shape (N,)
pred = target.unsqueeze(1) + 0.1  # shape (N, 1), e.g. a model's output; off by 0.1
wrong = ((pred - target) ** 2).mean()  # (N, 1) - (N,) -> (N, N)
right = ((pred.squeeze(1) - target) ** 2).mean()
# --8<-- [end:broadcast-trap]

# --8<-- [start:mse-warning]
import torch.nn.functional as F
# --8<-- [end:mse-warning]

# --8<-- [start:reduce]
m = torch.arange(6.0).reshape(2, 3)
total = m.sum()  # every element: a 0-dim tensor
col_sums = m.sum(dim=0)  # down the rows: (3,)
row_means = m.mean(dim=1)  # across the columns: (2,)
row_means_kept = m.mean(dim=1, keepdim=True)  # (2, 1): still lines up with m
centered = m - row_means_kept  # each row minus its own mean
values, indices = m.max(dim=1)  # max along a dim returns both
# --8<-- [end:reduce]

# --8<-- [start:matmul]
A = torch.arange(6.0).reshape(2, 3)
B = torch.ones(3, 4)
C = A @ B  # (2, 3) @ (3, 4) -> (2, 4)
Av = A @ torch.ones(3)  # matrix @ vector -> (2,)
batch = torch.ones(5, 2, 3) @ B  # a batch of 5 matrices, each times B: (5, 2, 4)
# --8<-- [end:matmul]

# --8<-- [start:mask]
s = torch.tensor([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])
positive = s > 0  # a bool tensor of the same shape
kept = s[positive]  # the selected elements, flattened: 1-D
clipped = torch.where(s > 0, s, 0.0)  # keeps the shape: s where True, 0 elsewhere
s2 = s.clone()
s2[s2 < 0] = 0.0  # assign through a mask, in place
# --8<-- [end:mask]

# --8<-- [start:item]
torch.manual_seed(0)
one = torch.randn(1)
value = one.item()  # a Python float, no longer a tensor
# --8<-- [end:item]

# --8<-- [start:to-numpy]
a = torch.ones(5)
b = a.numpy()  # shares memory with a (CPU tensors only)
a.add_(1)  # so b changes too
# --8<-- [end:to-numpy]

# --8<-- [start:from-numpy]
import numpy as np

n = np.ones(5)
m = torch.from_numpy(n)  # shares memory with n; keeps NumPy's float64
np.add(n, 1, out=n)
# --8<-- [end:from-numpy]

# --8<-- [start:dtypes]
f32 = torch.ones(2)  # float32, PyTorch's default
f64 = torch.ones(2, dtype=torch.float64)
i64 = torch.tensor([1, 2])  # int64
weight = torch.ones(2, 3)  # float32, like a model's weights
data = torch.from_numpy(np.ones((4, 2)))  # float64, NumPy's default
# --8<-- [end:dtypes]

# --8<-- [start:dtypes-fix]
out = data.float() @ weight  # or data.to(torch.float32)
# --8<-- [end:dtypes-fix]

# --8<-- [start:device]
device = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.ones(2, 2)  # made on the CPU, then moved: the same numbers on any device
y = torch.ones_like(x, device=device)  # created directly on the device
w = x.to(device) + y
back = w.to("cpu", torch.double)  # .to changes device and dtype in one call
# --8<-- [end:device]

# --8<-- [start:exercise-1]
a = torch.ones(3, 1)
b = torch.ones(4)
c = torch.ones(2, 3)
d = torch.ones(3, 2)
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
torch.manual_seed(0)
X = torch.randn(100, 3) * torch.tensor([1.0, 10.0, 100.0]) + 5.0  # columns on very different scales
X_std = (X - X.mean(dim=0, keepdim=True)) / X.std(dim=0, keepdim=True)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
torch.manual_seed(0)
y_hat = torch.rand(8, 1)  # what a model with one output gives
y_true = torch.rand(8)
loss_broken = ((y_hat - y_true) ** 2).mean()
loss_fixed = ((y_hat.squeeze(1) - y_true) ** 2).mean()
loss_loop = sum((y_hat[i, 0] - y_true[i]) ** 2 for i in range(8)) / 8  # slow, but obviously right
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
def pairwise_sq_dists(P, Q):
    """Squared distances between every row of P (N, D) and every row of Q (M, D): (N, M)."""
    diff = P.unsqueeze(1) - Q.unsqueeze(0)  # (N, 1, D) - (1, M, D) -> (N, M, D)
    return (diff**2).sum(dim=2)

torch.manual_seed(0)
P = torch.randn(5, 2)
Q = torch.randn(3, 2)
D2 = pairwise_sq_dists(P, Q)
nearest = D2.argmin(dim=1)  # for each point in P, the index of the closest point in Q
loop = torch.tensor([[((p - q) ** 2).sum().item() for q in Q] for p in P])
# --8<-- [end:exercise-4]
