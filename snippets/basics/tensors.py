# --8<-- [start:create]
import torch

x = torch.empty(5, 3)  # memory is allocated but not initialised: values are whatever was there
r = torch.rand(5, 3)  # uniform on [0, 1)
z = torch.zeros(5, 3, dtype=torch.long)
d = torch.tensor([5.5, 3.0])  # straight from Python data
x = torch.randn_like(x, dtype=torch.float)  # same shape as x, standard normal values
# --8<-- [end:create]

# --8<-- [start:add]
y = torch.rand(5, 3)
s1 = x + y
s2 = torch.add(x, y)
result = torch.empty(5, 3)
torch.add(x, y, out=result)  # writes into a tensor you already own
# --8<-- [end:add]

# --8<-- [start:in-place]
before = y.clone()
y.add_(x)  # trailing underscore: changes y itself
# --8<-- [end:in-place]

# --8<-- [start:transpose]
t = torch.arange(6).reshape(2, 3)
t.t_()  # in place: t is now 3 x 2
# --8<-- [end:transpose]

# --8<-- [start:reshape]
x = torch.randn(4, 4)
flat = x.view(16)
halves = x.view(-1, 8)  # -1: inferred from the other dimensions
# --8<-- [end:reshape]

# --8<-- [start:contiguous]
wide = torch.arange(6).reshape(2, 3)
tall = wide.t()  # a transposed view: same memory, different strides
# --8<-- [end:contiguous]

# --8<-- [start:item]
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

# --8<-- [start:device]
device = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.ones(2, 2)  # made on the CPU, then moved: the same numbers on any device
y = torch.ones_like(x, device=device)  # created directly on the device
w = x.to(device) + y
back = w.to("cpu", torch.double)  # .to changes device and dtype in one call
# --8<-- [end:device]
