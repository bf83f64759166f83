# Using the GPU with device-agnostic code: the same script runs on CPU and CUDA.

# --8<-- [start:devices]
import torch
from torch import nn
import torch.nn.functional as F

cpu = torch.device("cpu")
gpu0 = torch.device("cuda")  # the current GPU; "cuda:0" is the first, "cuda:1" the second
gpu1 = torch.device("cuda:1")  # only a name: creating it needs no GPU
# --8<-- [end:devices]

# --8<-- [start:pick-device]
device = "cuda" if torch.cuda.is_available() else "cpu"
# --8<-- [end:pick-device]

# --8<-- [start:accelerator]
# Any accelerator PyTorch supports (CUDA, ROCm, MPS, XPU, ...), or None
accel = torch.accelerator.current_accelerator(check_available=True)
device2 = accel if accel is not None else torch.device("cpu")
# --8<-- [end:accelerator]

# --8<-- [start:tensors]
torch.manual_seed(0)
x = torch.rand(2, 3)  # random numbers drawn on the CPU ...
x = x.to(device)  # ... then moved: same values on every machine
y = torch.ones_like(x, device=device)  # or created directly on the device
z = x + y  # both operands on the same device
# --8<-- [end:tensors]

# --8<-- [start:to-returns]
a = torch.ones(2, 3)
a.to(torch.float64)  # returns a new tensor, which is thrown away here
net = nn.Linear(3, 2)
net.to(torch.float64)  # a module is converted in place
# --8<-- [end:to-returns]

# --8<-- [start:model]
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
net = net.to(device)  # moves every parameter and buffer
# --8<-- [end:model]

# --8<-- [start:mismatch]
weights_elsewhere = nn.Linear(3, 2).to("meta")  # shapes only, no data
inputs_on_cpu = torch.ones(1, 3)
try:
    weights_elsewhere(inputs_on_cpu)
except RuntimeError as e:
    mismatch_error = e
# --8<-- [end:mismatch]

# --8<-- [start:data]
# Two well separated blobs, labels 0 and 1; made on the CPU.
gen = torch.Generator().manual_seed(0)
n = 200
X_all = torch.cat([torch.randn(n, 2, generator=gen) + 2, torch.randn(n, 2, generator=gen) - 2])
y_all = torch.cat([torch.zeros(n, dtype=torch.long), torch.ones(n, dtype=torch.long)])
train_set = torch.utils.data.TensorDataset(X_all, y_all)
train_loader = torch.utils.data.DataLoader(
    train_set, batch_size=32, shuffle=True,
    pin_memory=torch.cuda.is_available(),  # page-locked memory: faster copies to the GPU
)
# --8<-- [end:data]

# --8<-- [start:train]
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
epoch_losses = []
for epoch in range(3):
    net.train()
    total = torch.zeros((), device=device)  # accumulate on the device
    for inputs, labels in train_loader:
        inputs = inputs.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)
        loss = F.cross_entropy(net(inputs), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.detach() * len(labels)
    epoch_losses.append(total.item() / len(train_set))  # one sync per epoch
# --8<-- [end:train]

# --8<-- [start:evaluate]
net.eval()
with torch.no_grad():
    logits = net(X_all.to(device))
predicted = logits.argmax(dim=1).cpu()  # back to the CPU for comparing and printing
accuracy = (predicted == y_all).float().mean().item()
# --8<-- [end:evaluate]

# --8<-- [start:back-to-cpu]
scores = logits[:3].softmax(dim=1)
scores_cpu = scores.cpu()  # a copy in host memory (no copy if already there)
first = scores[0, 0].item()  # one Python number; waits for the GPU to finish
as_numpy = scores.cpu().numpy()  # NumPy works on host memory only
# --8<-- [end:back-to-cpu]

# --8<-- [start:numpy-grad]
w = net[0].weight  # a parameter: requires grad
try:
    w.numpy()
except RuntimeError as e:
    numpy_error = e
w_numpy = w.detach().cpu().numpy()  # the general recipe
# --8<-- [end:numpy-grad]

# --8<-- [start:seeds]
torch.manual_seed(42)  # seeds the CPU and every GPU
a = torch.rand(3, device=device)
torch.manual_seed(42)
b = torch.rand(3, device=device)
# torch.cuda.manual_seed(42) would seed only the current GPU,
# torch.cuda.manual_seed_all(42) every GPU; neither seeds the CPU.
# --8<-- [end:seeds]

# --8<-- [start:timing]
import time


def timed(fn, *args):
    """Wall time of fn(*args); waits for queued GPU work before reading the clock."""
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    start = time.perf_counter()
    result = fn(*args)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return result, time.perf_counter() - start


big = torch.rand(256, 256).to(device)
product, seconds = timed(torch.matmul, big, big)
# --8<-- [end:timing]

# --8<-- [start:cudnn-speed]
# Fixed input shapes (e.g. all images 224x224): let cuDNN time its convolution
# algorithms on the first batch and keep the fastest one.
torch.backends.cudnn.benchmark = True
# --8<-- [end:cudnn-speed]

# --8<-- [start:cudnn-repro]
# Reproducible runs instead: fixed, deterministic algorithms (often slower).
# For cuBLAS also start Python with CUBLAS_WORKSPACE_CONFIG=:4096:8 in the environment.
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True)  # raise on ops with no deterministic version
# --8<-- [end:cudnn-repro]

# --8<-- [start:deterministic-error]
pool = nn.MaxPool2d(2, return_indices=True)
unpool = nn.MaxUnpool2d(2)
pooled, indices = pool(torch.rand(1, 1, 4, 4).to(device))
try:
    unpool(pooled, indices)  # has no deterministic implementation
except RuntimeError as e:
    determinism_error = e
# --8<-- [end:deterministic-error]

# --8<-- [start:cudnn-reset]
torch.use_deterministic_algorithms(False)  # back to the defaults
torch.backends.cudnn.deterministic = False
# --8<-- [end:cudnn-reset]

# --8<-- [start:cuda-info]
if torch.cuda.is_available():
    names = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    free_bytes, total_bytes = torch.cuda.mem_get_info()  # of the current GPU
    allocated = torch.cuda.memory_allocated()  # bytes held by tensors
    torch.cuda.empty_cache()  # return cached, unused blocks to the driver
# --8<-- [end:cuda-info]

# --8<-- [start:multi-gpu]
if torch.cuda.device_count() >= 2:
    left = torch.ones(2, device="cuda:0")
    right = torch.ones(2, device="cuda:1")
    total = left + right.to(left.device)  # explicit copy between the GPUs
# --8<-- [end:multi-gpu]

# --8<-- [start:exercise-1]
original = torch.zeros(3)
moved = original.to("cpu")  # already there: is anything copied?
moved += 1
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def to_device(batch, device):
    """Move every tensor in nested dicts, lists and tuples; leave other values alone."""
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(value, device) for value in batch)
    return batch


batch = {"images": torch.rand(2, 3), "labels": [torch.tensor([0, 1]), "cat/dog"], "step": 7}
on_device = to_device(batch, device)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class Shift(nn.Module):
    def __init__(self):
        super().__init__()
        self.offset = torch.ones(3)  # a plain attribute

    def forward(self, X):
        return X + self.offset


shift = Shift().to("meta")  # stands for any device the model moves to
try:
    shift(torch.ones(2, 3, device="meta"))
except RuntimeError as e:
    shift_error = e
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-3-fix]
class BufferedShift(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("offset", torch.ones(3))  # moves with the module

    def forward(self, X):
        return X + self.offset


buffered = BufferedShift().to("meta")
shifted = buffered(torch.ones(2, 3, device="meta"))
on_real_device = BufferedShift().to(device)(torch.ones(2, 3).to(device)).cpu()
# --8<-- [end:exercise-3-fix]
