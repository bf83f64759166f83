# Practical tips: small, independent recipes collected from the notes.

# --8<-- [start:setup]
import random

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

device = "cuda" if torch.cuda.is_available() else "cpu"
# --8<-- [end:setup]

# --8<-- [start:pairwise]
def pairwise_sq_dists(a, b):
    """Squared Euclidean distance between every row of a (n, d) and of b (m, d)."""
    diff = a.unsqueeze(1) - b.unsqueeze(0)  # (n, 1, d) - (1, m, d) -> (n, m, d)
    return (diff ** 2).sum(dim=-1)          # (n, m)
# --8<-- [end:pairwise]

# --8<-- [start:pairwise-check]
torch.manual_seed(0)
source = torch.randn(4, 3).to(device)
target = torch.randn(5, 3).to(device)
d2 = pairwise_sq_dists(source, target)
ref = torch.cdist(source, target) ** 2
# --8<-- [end:pairwise-check]

# --8<-- [start:gaussian-kernel]
def gaussian_kernel(source, target, kernel_mul=2.0, kernel_num=5, fix_sigma=None):
    """Sum of kernel_num Gaussian kernels over all n + m samples (as used by MMD)."""
    total = torch.cat([source, target], dim=0)      # (n + m, d)
    n = total.size(0)
    l2 = pairwise_sq_dists(total, total)             # (n + m, n + m)
    if fix_sigma is not None:
        bandwidth = torch.as_tensor(fix_sigma, dtype=l2.dtype, device=l2.device)
    else:
        bandwidth = l2.detach().sum() / (n * n - n)  # mean off-diagonal distance
    bandwidth = bandwidth / kernel_mul ** (kernel_num // 2)
    bandwidths = [bandwidth * kernel_mul ** i for i in range(kernel_num)]
    return sum(torch.exp(-l2 / bw) for bw in bandwidths)
# --8<-- [end:gaussian-kernel]

# --8<-- [start:gaussian-kernel-use]
k = gaussian_kernel(source, target)
# --8<-- [end:gaussian-kernel-use]

# --8<-- [start:numpy-dist]
def distance(source, target):
    """Squared distances via |a|^2 + |b|^2 - 2 a.b, without an (n, m, d) temporary."""
    dists = np.sum(source ** 2, axis=1).reshape(-1, 1)   # (n, 1)
    dists = dists + np.sum(target ** 2, axis=1).reshape(1, -1)  # + (1, m)
    dists -= 2 * source @ target.T
    return np.maximum(dists, 0)  # rounding can leave tiny negatives


src_np = source.cpu().numpy()
tgt_np = target.cpu().numpy()
d2_np = distance(src_np, tgt_np)
# --8<-- [end:numpy-dist]

# --8<-- [start:param-groups]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(8, 16), nn.ReLU())
        self.classifier = nn.Linear(16, 2)

    def forward(self, x):
        return self.classifier(self.features(x))


torch.manual_seed(0)
net = Net()
optimizer = torch.optim.SGD(
    [
        {"params": net.features.parameters()},                # uses the default lr below
        {"params": net.classifier.parameters(), "lr": 1e-2},  # its own lr
    ],
    lr=1e-5,
    momentum=0.9,
)
# --8<-- [end:param-groups]

# --8<-- [start:param-groups-scheduler]
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.1)
x = torch.randn(4, 8)
loss = net(x).pow(2).mean()
loss.backward()
optimizer.step()   # first the optimizer ...
scheduler.step()   # ... then the scheduler
# --8<-- [end:param-groups-scheduler]

# --8<-- [start:leaky-relu]
x = torch.tensor([-2.0, -1.0, 0.5, 2.0], requires_grad=True)
leaky = nn.LeakyReLU(negative_slope=0.1)
y = leaky(x)
y.sum().backward()
# --8<-- [end:leaky-relu]

# --8<-- [start:leaky-relu-plot]
from pathlib import Path

import matplotlib.pyplot as plt

xs = torch.linspace(-3, 3, 61)
fig, (ax_f, ax_g) = plt.subplots(1, 2, figsize=(8, 3))
for layer, style in [(nn.ReLU(), "-"), (nn.LeakyReLU(0.1), "--")]:
    xg = xs.clone().requires_grad_()
    out_f = layer(xg)
    out_f.sum().backward()
    name = type(layer).__name__
    ax_f.plot(xs, out_f.detach(), style, label=name)
    ax_g.plot(xs, xg.grad, style, label=name)
ax_f.set_title("f(x)")
ax_g.set_title("f'(x)")
for ax in (ax_f, ax_g):
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.axvline(0, color="gray", linewidth=0.5)
    ax.legend()
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/leaky_relu.svg", metadata={"Date": None}, bbox_inches="tight")
plt.close(fig)
# --8<-- [end:leaky-relu-plot]

# --8<-- [start:bce]
logits = torch.tensor([[1.5, -0.5, 2.0],
                       [-1.0, 0.3, -2.0]])
labels = torch.tensor([[1, 0, 1],
                       [0, 1, 0]])       # each sample may carry several labels
probs = torch.sigmoid(logits)            # one independent probability per label
bce = nn.BCELoss()(probs, labels.float())
bce_logits = nn.BCEWithLogitsLoss()(logits, labels.float())
# --8<-- [end:bce]

# --8<-- [start:bce-formula]
y = labels.float()
manual_bce = -(y * torch.log(probs) + (1 - y) * torch.log(1 - probs)).mean()
soft = torch.tensor([[0.9, 0.2, 0.7],
                     [0.0, 0.6, 0.1]])   # soft targets: any value in [0, 1]
bce_soft = nn.BCELoss()(probs, soft)
manual_soft = -(soft * torch.log(probs) + (1 - soft) * torch.log(1 - probs)).mean()
# --8<-- [end:bce-formula]

# --8<-- [start:bce-saturate]
far = torch.tensor([-200.0], requires_grad=True)  # a very wrong, very confident logit
one = torch.tensor([1.0])
loss_a = nn.BCELoss()(torch.sigmoid(far), one)
grad_a, = torch.autograd.grad(loss_a, far)
loss_b = nn.BCEWithLogitsLoss()(far, one)
grad_b, = torch.autograd.grad(loss_b, far)
# --8<-- [end:bce-saturate]

# --8<-- [start:softmax]
scores = torch.tensor([[1.0, 2.0, 3.0],
                       [1.0, 1.0, 1.0]])
softmax = nn.Softmax(dim=1)        # normalise each row (over the classes)
p = softmax(scores)
log_softmax = nn.LogSoftmax(dim=1)
logp = log_softmax(scores)
by_formula = scores.exp() / scores.exp().sum(dim=1, keepdim=True)
log_by_formula = scores - torch.logsumexp(scores, dim=1, keepdim=True)
# --8<-- [end:softmax]

# --8<-- [start:log-softmax-stable]
big = torch.tensor([[1000.0, 0.0]])
naive = torch.log(torch.softmax(big, dim=1))
stable = torch.log_softmax(big, dim=1)
# --8<-- [end:log-softmax-stable]

# --8<-- [start:cross-entropy]
logits = torch.tensor([[2.0, 0.5, -1.0],
                       [0.1, 0.2, 3.0]])
target = torch.tensor([0, 2])   # class indices, dtype int64
ce = nn.CrossEntropyLoss()(logits, target)
nll = nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), target)
manual = (-logits[torch.arange(2), target] + torch.logsumexp(logits, dim=1)).mean()
# --8<-- [end:cross-entropy]

# --8<-- [start:save-image]
from torchvision.utils import make_grid, save_image

torch.manual_seed(0)
images = torch.rand(6, 3, 8, 8)         # a mini-batch: N x C x H x W, values in [0, 1]
save_image(images, "grid.png", nrow=3, padding=2)
grid = make_grid(images, nrow=3, padding=2)
# --8<-- [end:save-image]

# --8<-- [start:save-image-normalize]
signed = images * 2 - 1                 # e.g. after Normalize(0.5, 0.5): values in [-1, 1]
save_image(signed, "grid_signed.png", nrow=3, normalize=True, value_range=(-1, 1))
# --8<-- [end:save-image-normalize]

# --8<-- [start:seed]
def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)   # seeds the CPU and every CUDA device


seed_everything(42)
first = (random.random(), np.random.rand(), torch.rand(1).item())
seed_everything(42)
second = (random.random(), np.random.rand(), torch.rand(1).item())
# --8<-- [end:seed]

# --8<-- [start:deterministic]
torch.use_deterministic_algorithms(True)   # error out on known nondeterministic ops
torch.backends.cudnn.benchmark = False     # no per-run algorithm search
enabled = torch.are_deterministic_algorithms_enabled()
torch.use_deterministic_algorithms(False)  # global switch: restore it for the rest of the page
# --8<-- [end:deterministic]

# --8<-- [start:seed-dataloader]
from torch.utils.data import DataLoader, TensorDataset


def shuffled_batches(seed):
    """The order in which a shuffling DataLoader serves 8 samples, given a seed."""
    g = torch.Generator().manual_seed(seed)   # the loader's own RNG, not the global one
    loader = DataLoader(TensorDataset(torch.arange(8)), batch_size=4, shuffle=True, generator=g)
    return [batch.tolist() for (batch,) in loader]
# --8<-- [end:seed-dataloader]

# --8<-- [start:seed-workers]
from torch.utils.data import Dataset, get_worker_info


class RandomDraws(Dataset):
    """Each sample: the worker's id and one draw from random, NumPy and torch."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return torch.tensor([get_worker_info().id, random.random(), np.random.rand(),
                             torch.rand(1).item()], dtype=torch.float64)


def draws(seed):
    g = torch.Generator().manual_seed(seed)
    loader = DataLoader(RandomDraws(), batch_size=2, num_workers=2, generator=g)
    return torch.cat(list(loader))  # worker 0 makes batch 0, worker 1 batch 1
# --8<-- [end:seed-workers]

# --8<-- [start:seed-workers-check]
run_a, run_b, other_seed = draws(0), draws(0), draws(1)
worker0, worker1 = run_a[0], run_a[2]  # first sample of each worker
# --8<-- [end:seed-workers-check]

# --8<-- [start:seed-generator-object]
class NoisyDataset(Dataset):
    """A NumPy Generator made in __init__ is copied, state and all, into every worker."""

    def __init__(self):
        self.rng = np.random.default_rng(0)

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return torch.tensor(self.rng.random())


def seed_rng(worker_id):
    dataset = get_worker_info().dataset  # this worker's copy
    dataset.rng = np.random.default_rng(get_worker_info().seed)  # differs per worker and run


copied = torch.cat(list(DataLoader(NoisyDataset(), batch_size=2, num_workers=2)))
reseeded = torch.cat(list(DataLoader(NoisyDataset(), batch_size=2, num_workers=2,
                                     worker_init_fn=seed_rng,
                                     generator=torch.Generator().manual_seed(0))))
# --8<-- [end:seed-generator-object]

# --8<-- [start:item]
torch.manual_seed(0)
model = nn.Linear(3, 1)
data = torch.randn(5, 3)
running_loss = 0.0
for row in data:
    loss = model(row).pow(2).mean()
    running_loss += loss          # a tensor: keeps every step's graph alive
kept = running_loss

running_loss = 0.0
for row in data:
    loss = model(row).pow(2).mean()
    running_loss += loss.item()   # a Python float: the graph can be freed
# --8<-- [end:item]

# --8<-- [start:no-grad]
torch.manual_seed(0)
model = nn.Linear(3, 1)
with torch.no_grad():
    y_eval = model(torch.randn(2, 3))
with torch.inference_mode():
    y_infer = model(torch.randn(2, 3))
# --8<-- [end:no-grad]

# --8<-- [start:inference-tensors]
w = torch.ones(2, 1, requires_grad=True)
(w * 2 + y_infer).sum().backward()  # y_infer is only added: nothing of it is saved
# --8<-- [end:inference-tensors]

# --8<-- [start:cudnn-benchmark]
torch.backends.cudnn.benchmark = True  # fixed input shapes: let cuDNN pick the fastest conv
conv = nn.Conv2d(3, 8, kernel_size=3, padding=1).to(device)
out = conv(torch.randn(2, 3, 16, 16).to(device))
torch.backends.cudnn.benchmark = False  # back to the default
# --8<-- [end:cudnn-benchmark]

# --8<-- [start:exercise-1]
import math

uniform = F.cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 0]))
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def bce_with_logits(x, y):
    """Elementwise BCE on logits: max(x, 0) - x * y + log(1 + exp(-|x|))."""
    return x.clamp(min=0) - x * y + torch.log1p(torch.exp(-x.abs()))


xs = torch.tensor([-200.0, -3.0, 0.0, 2.5, 200.0])
ys = torch.tensor([1.0, 0.3, 0.5, 0.0, 1.0])  # soft targets are fine
mine = bce_with_logits(xs, ys)
theirs = nn.BCEWithLogitsLoss(reduction="none")(xs, ys)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def backprops(make_loss):
    """True if make_loss() builds a graph that backpropagates to w, False if autograd refuses."""
    w = torch.ones(2, 1, requires_grad=True)
    try:
        make_loss(w).sum().backward()
    except RuntimeError:
        return False
    return w.grad is not None


answers = [backprops(lambda w: w + y_infer),
           backprops(lambda w: w * y_infer),
           backprops(lambda w: w * y_infer.clone()),
           backprops(lambda w: w * y_eval)]
# --8<-- [end:exercise-3]
