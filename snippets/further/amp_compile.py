# Mixed precision (autocast, GradScaler, TF32) and torch.compile (backends, modes,
# fullgraph, graph breaks, the _orig_mod. prefix).

# --8<-- [start:dtypes]
import torch

fp16, bf16 = torch.finfo(torch.float16), torch.finfo(torch.bfloat16)
tiny_grad = torch.tensor(1e-8)
# --8<-- [end:dtypes]

# --8<-- [start:autocast]
from torch import nn
import torch.nn.functional as F

device = "cuda" if torch.cuda.is_available() else "cpu"
amp_dtype = torch.bfloat16  # on CUDA, torch.float16 works too (with a GradScaler)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3)).to(device)
x = torch.randn(16, 8).to(device)
target = torch.randint(0, 3, (16,)).to(device)

with torch.autocast(device_type=device, dtype=amp_dtype):
    logits = model(x)  # matmuls run in bfloat16
    loss = F.cross_entropy(logits, target)  # autocast keeps losses in float32
loss.backward()  # backward outside the autocast block
# --8<-- [end:autocast]

# --8<-- [start:train]
def train(use_amp, steps=30):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    losses = []
    for _ in range(steps):
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=use_amp):
            loss = F.cross_entropy(net(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


amp_losses, fp32_losses = train(use_amp=True), train(use_amp=False)
# --8<-- [end:train]

# --8<-- [start:scaler]
scaler = torch.amp.GradScaler(device, init_scale=1024.0)
net = nn.Linear(8, 1).to(device)
opt = torch.optim.SGD(net.parameters(), lr=0.1)


def scaled_step(poison=False):
    opt.zero_grad()
    loss = net(x).pow(2).mean()
    scaler.scale(loss).backward()  # gradients of loss * scale
    if poison:
        net.weight.grad[0, 0] = float("inf")  # what an fp16 overflow looks like
    before = net.weight.detach().clone()
    scaler.step(opt)  # unscales; skips the step if any gradient is inf or nan
    scaler.update()  # inf seen: halve the scale
    return not torch.equal(before, net.weight.detach())


stepped = scaled_step()
scale_after_good = scaler.get_scale()
stepped_poisoned = scaled_step(poison=True)
scale_after_inf = scaler.get_scale()
# --8<-- [end:scaler]

# --8<-- [start:tf32]
defaults = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32,
            torch.get_float32_matmul_precision())

torch.set_float32_matmul_precision("high")  # allow TF32 for float32 matmuls
tf32_on = (torch.backends.cuda.matmul.allow_tf32, torch.backends.mkldnn.matmul.fp32_precision)
torch.set_float32_matmul_precision("medium")  # also lets CPU float32 matmuls use bf16
cpu_medium = torch.backends.mkldnn.matmul.fp32_precision
torch.set_float32_matmul_precision(defaults[2])  # back to the default, "highest"
# --8<-- [end:tf32]

# --8<-- [start:compile]
def f(x):
    return torch.sin(x) ** 2 + torch.cos(x) ** 2


compiled_f = torch.compile(f, backend="eager")  # capture the graph, run it as is
xs = torch.randn(1000)
same = torch.allclose(compiled_f(xs), f(xs))
# --8<-- [end:compile]

# --8<-- [start:graph-break]
def clip_or_shift(x):
    y = torch.sin(x) * 2
    if y.sum() > 0:  # Python branch on a tensor's value
        return y.clamp(max=1.0)
    return y - 1


explanation = torch._dynamo.explain(clip_or_shift)(xs)
try:
    torch.compile(clip_or_shift, backend="eager", fullgraph=True)(xs)
except torch._dynamo.exc.Unsupported as error:
    break_error = error
# --8<-- [end:graph-break]

# --8<-- [start:fix-break]
def clip_or_shift_fixed(x):
    y = torch.sin(x) * 2
    return torch.where(y.sum() > 0, y.clamp(max=1.0), y - 1)  # both sides, picked in the graph


fixed_explanation = torch._dynamo.explain(clip_or_shift_fixed)(xs)
full = torch.compile(clip_or_shift_fixed, backend="aot_eager", fullgraph=True)
fixed_same = torch.allclose(full(xs), clip_or_shift(xs)) and torch.allclose(full(-xs), clip_or_shift(-xs))
# --8<-- [end:fix-break]

# --8<-- [start:orig-mod]
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 2))
compiled_net = torch.compile(net, backend="eager")
wrapped_keys = list(compiled_net.state_dict())[:2]
plain_keys = list(compiled_net._orig_mod.state_dict())[:2]  # save this one

in_place = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 2))
in_place.compile(backend="eager")  # compiles forward in place: no wrapper, no prefix
in_place_keys = list(in_place.state_dict())[:2]
# --8<-- [end:orig-mod]

# --8<-- [start:inductor]
def inductor_on_cuda():
    big = nn.Sequential(nn.Linear(1024, 4096), nn.GELU(), nn.Linear(4096, 1024)).cuda()
    inp = torch.randn(256, 1024).cuda()
    fast = torch.compile(big)  # default backend: inductor, generates Triton kernels
    with torch.no_grad():
        return torch.allclose(fast(inp), big(inp), atol=1e-3)
# --8<-- [end:inductor]

# --8<-- [start:exercise-1]
grads = torch.tensor([3e-5, 1e-8, 70000.0])
as_fp16, as_bf16 = grads.half(), grads.bfloat16()
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def normalize(x):
    n = x.norm().item()  # a Python float
    return x / n


norm_explanation = torch._dynamo.explain(normalize)(xs)


def normalize_fixed(x):
    return x / x.norm()  # stays a tensor


norm_fixed = torch.compile(normalize_fixed, backend="eager", fullgraph=True)
norm_same = torch.allclose(norm_fixed(xs), normalize(xs))
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def load_into_plain(compiled_state, model):
    prefix = "_orig_mod."
    state = {k.removeprefix(prefix): v for k, v in compiled_state.items()}
    return model.load_state_dict(state)


torch.manual_seed(1)
fresh = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 2))
result = load_into_plain(compiled_net.state_dict(), fresh)
same_weights = all(torch.equal(a, b) for a, b in zip(fresh.parameters(), net.parameters()))
# --8<-- [end:exercise-3]
