# Saving and loading: tensors, state_dicts, whole models, checkpoints, devices,
# atomic writes. Every file goes to a relative path.

# --8<-- [start:tensors]
import torch
from torch import nn
import torch.nn.functional as F

device = "cuda" if torch.cuda.is_available() else "cpu"

x = torch.arange(4)
torch.save(x, "x-file.pt")
x2 = torch.load("x-file.pt")
# --8<-- [end:tensors]

# --8<-- [start:containers]
y = torch.zeros(4)
torch.save([x, y], "x-files.pt")
x2, y2 = torch.load("x-files.pt")

mydict = {"x": x, "y": y, "epoch": 3, "note": "plain Python values are fine too"}
torch.save(mydict, "mydict.pt")
mydict2 = torch.load("mydict.pt")
# --8<-- [end:containers]

# --8<-- [start:model]
class TheModelClass(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


torch.manual_seed(0)
model = TheModelClass().to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
# --8<-- [end:model]

# --8<-- [start:save-state-dict]
torch.save(model.state_dict(), "model-params.pt")

clone = TheModelClass().to(device)  # same architecture, fresh random weights
clone.load_state_dict(torch.load("model-params.pt"))
clone.eval()  # dropout / batch norm in inference mode before predicting

images = torch.rand(2, 3, 32, 32).to(device)
model.eval()
same = torch.equal(clone(images), model(images))
# --8<-- [end:save-state-dict]

# --8<-- [start:strict]
class Bigger(TheModelClass):
    def __init__(self):
        super().__init__()
        self.extra = nn.Linear(10, 2)  # a new head, not in the file


bigger = Bigger().to(device)
result = bigger.load_state_dict(torch.load("model-params.pt"), strict=False)
# --8<-- [end:strict]

# --8<-- [start:whole-model]
import pickle

torch.save(model, "whole-model.pt")  # pickles the object itself
try:
    torch.load("whole-model.pt")
except pickle.UnpicklingError as e:
    load_error = e
# --8<-- [end:whole-model]

# --8<-- [start:malicious]
import os


class Innocent:
    # Unpickling calls whatever __reduce__ names: here
    # os.makedirs("pwned", 0o777, True), i.e. create a directory.
    def __reduce__(self):
        return (os.makedirs, ("pwned", 0o777, True))


torch.save({"weights": torch.ones(2), "extra": Innocent()}, "downloaded.pt")
try:
    torch.load("downloaded.pt")  # weights_only=True: refused, nothing runs
except pickle.UnpicklingError:
    refused = True
created_by_safe_load = os.path.exists("pwned")

torch.load("downloaded.pt", weights_only=False)  # the old default
created_by_unsafe_load = os.path.exists("pwned")
# --8<-- [end:malicious]

# --8<-- [start:safe-globals]
with torch.serialization.safe_globals(
    [TheModelClass, nn.Conv2d, nn.MaxPool2d, nn.Linear]
):
    whole = torch.load("whole-model.pt")
# --8<-- [end:safe-globals]

# --8<-- [start:optimizer-state]
model.train()
loss = F.cross_entropy(model(images), torch.tensor([0, 1]).to(device))
optimizer.zero_grad()
loss.backward()
optimizer.step()  # momentum buffers now exist
# --8<-- [end:optimizer-state]

# --8<-- [start:ckpt-setup]
gen = torch.Generator().manual_seed(0)
data_X = torch.randn(64, 10, generator=gen)
data_y = data_X.sum(dim=1, keepdim=True)


def make_training(seed):
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Linear(10, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 1)
    ).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    return model, optimizer, scheduler


def train_epoch(model, optimizer, scheduler):
    model.train()
    perm = torch.randperm(len(data_X))  # random batches: uses the RNG
    for i in range(0, len(perm), 16):
        idx = perm[i:i + 16]
        X, y = data_X[idx].to(device), data_y[idx].to(device)
        loss = F.mse_loss(model(X), y)  # dropout: uses the RNG too
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    scheduler.step()  # after the optimizer steps
# --8<-- [end:ckpt-setup]

# --8<-- [start:ckpt-reference]
model, optimizer, scheduler = make_training(seed=0)
for epoch in range(6):
    train_epoch(model, optimizer, scheduler)
reference = {k: v.clone() for k, v in model.state_dict().items()}
# --8<-- [end:ckpt-reference]

# --8<-- [start:ckpt-save]
def save_checkpoint(path, epoch, model, optimizer, scheduler):
    torch.save({
        "epoch": epoch,  # the number of epochs already done
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "rng_cpu": torch.get_rng_state(),
        "rng_cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }, path)


model, optimizer, scheduler = make_training(seed=0)
for epoch in range(3):
    train_epoch(model, optimizer, scheduler)
save_checkpoint("checkpoint.pt", 3, model, optimizer, scheduler)
del model, optimizer, scheduler  # the power goes out
# --8<-- [end:ckpt-save]

# --8<-- [start:ckpt-resume]
def load_checkpoint(path, model, optimizer, scheduler, restore_rng=True):
    ckpt = torch.load(path, map_location="cpu")  # RNG states must stay on the CPU
    model.load_state_dict(ckpt["model"])  # copies onto the model's device
    optimizer.load_state_dict(ckpt["optimizer"])  # moves state next to the params
    scheduler.load_state_dict(ckpt["scheduler"])
    if restore_rng:
        torch.set_rng_state(ckpt["rng_cpu"])
        if ckpt["rng_cuda"]:
            torch.cuda.set_rng_state_all(ckpt["rng_cuda"])
    return ckpt["epoch"]


model, optimizer, scheduler = make_training(seed=123)  # any init: it gets overwritten
start = load_checkpoint("checkpoint.pt", model, optimizer, scheduler)
for epoch in range(start, 6):
    train_epoch(model, optimizer, scheduler)
resumed_identical = all(
    torch.equal(reference[k], v) for k, v in model.state_dict().items()
)
# --8<-- [end:ckpt-resume]

# --8<-- [start:ckpt-no-rng]
model, optimizer, scheduler = make_training(seed=123)  # leaves the RNG seeded with 123
start = load_checkpoint("checkpoint.pt", model, optimizer, scheduler, restore_rng=False)
for epoch in range(start, 6):
    train_epoch(model, optimizer, scheduler)
no_rng_identical = all(
    torch.equal(reference[k], v) for k, v in model.state_dict().items()
)
# --8<-- [end:ckpt-no-rng]

# --8<-- [start:map-location]
state = torch.load("model-params.pt", map_location="cpu")  # wherever it was saved
cpu_model = TheModelClass()
cpu_model.load_state_dict(state)

state_on_device = torch.load("model-params.pt", map_location=device)
# --8<-- [end:map-location]

# --8<-- [start:naive-save]
torch.save({"epoch": 5, "weights": torch.ones(3)}, "last.pt")  # a good checkpoint

try:
    # Something fails halfway through the next save: here an unpicklable lambda.
    torch.save({"epoch": 6, "weights": torch.ones(3), "lr_fn": lambda e: 0.9 ** e}, "last.pt")
except pickle.PicklingError:
    pass
# --8<-- [end:naive-save]

# --8<-- [start:atomic-save]
import tempfile
from pathlib import Path


def atomic_save(obj, path):
    """torch.save that leaves either the old file or the new one, never half of one."""
    path = Path(path)
    # The temp file must be in the same directory: os.replace is only atomic
    # within one file system.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on the disk, not only in a cache
        os.replace(tmp, path)  # atomic: readers see the old or the new file
    except BaseException:
        os.unlink(tmp)
        raise
    if os.name == "posix":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
# --8<-- [end:atomic-save]

# --8<-- [start:atomic-crash]
atomic_save({"epoch": 5, "weights": torch.ones(3)}, "last.pt")  # a good checkpoint

try:
    atomic_save({"epoch": 6, "weights": torch.ones(3), "lr_fn": lambda e: 0.9 ** e}, "last.pt")
except pickle.PicklingError:
    pass

survivor = torch.load("last.pt")
leftovers = sorted(p.name for p in Path(".").glob("last.pt.*.tmp"))
# --8<-- [end:atomic-crash]

# --8<-- [start:exercise-1]
def train_step(model, optimizer):
    loss = F.mse_loss(model(data_X[:16].to(device)), data_y[:16].to(device))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


torch.manual_seed(0)
net = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
opt = torch.optim.Adam(net.parameters(), lr=0.01)
train_step(net, opt)
torch.save({"epoch": 1, "model": net.state_dict(), "optimizer": opt.state_dict()}, "ex1.pt")

torch.manual_seed(1)  # a different init: loading must overwrite it
net2 = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
opt2 = torch.optim.Adam(net2.parameters(), lr=0.01)
ckpt = torch.load("ex1.pt", map_location="cpu")
net2.load_state_dict(ckpt["model"])
opt2.load_state_dict(ckpt["optimizer"])


def same_tensors(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k].cpu(), b[k].cpu()) for k in a)


models_equal = same_tensors(net.state_dict(), net2.state_dict())
moments_equal = all(
    same_tensors(opt.state_dict()["state"][i], opt2.state_dict()["state"][i])
    for i in opt.state_dict()["state"]
)
train_step(net, opt)  # one more step on each: they stay in lockstep
train_step(net2, opt2)
still_equal = same_tensors(net.state_dict(), net2.state_dict())
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
import datetime

torch.save({"epoch": 3, "weights": torch.ones(2), "saved_on": datetime.date(2026, 1, 1)}, "dated.pt")
try:
    torch.load("dated.pt")
except pickle.UnpicklingError as e:
    dated_error = e
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-2-fix]
torch.save({"epoch": 3, "weights": torch.ones(2), "saved_on": "2026-01-01"}, "dated.pt")
fixed = torch.load("dated.pt")  # strings, numbers, lists, dicts: all allowed
# --8<-- [end:exercise-2-fix]

# --8<-- [start:exercise-3]
torch.manual_seed(0)
old = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
torch.save(old.state_dict(), "sequential.pt")


class Named(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 3)
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


named = Named()
mismatch = named.load_state_dict(torch.load("sequential.pt"), strict=False)
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-3-fix]
renames = {"0.": "hidden.", "2.": "out."}
state = torch.load("sequential.pt")
renamed = {}
for key, tensor in state.items():
    prefix, rest = key.split(".", 1)
    renamed[renames[prefix + "."] + rest] = tensor
strict_result = named.load_state_dict(renamed)  # strict: every key must match
X4 = torch.rand(5, 4)
same_net = torch.equal(named(X4), old(X4))
# --8<-- [end:exercise-3-fix]

# --8<-- [start:exercise-4]
def save_without_scheduler(path, epoch, model, optimizer):
    torch.save({"epoch": epoch, "model": model.state_dict(),
                "optimizer": optimizer.state_dict(), "rng_cpu": torch.get_rng_state()}, path)


model, optimizer, scheduler = make_training(seed=0)
for epoch in range(3):
    train_epoch(model, optimizer, scheduler)
save_without_scheduler("no-scheduler.pt", 3, model, optimizer)

model, optimizer, scheduler = make_training(seed=123)  # a fresh scheduler at step 0
ckpt = torch.load("no-scheduler.pt", map_location="cpu")
model.load_state_dict(ckpt["model"])
optimizer.load_state_dict(ckpt["optimizer"])  # brings back lr = 0.005 of epoch 3
torch.set_rng_state(ckpt["rng_cpu"])
for epoch in range(3, 6):
    train_epoch(model, optimizer, scheduler)
lr_without = scheduler.get_last_lr()[0]
weights_identical = all(torch.equal(reference[k], v) for k, v in model.state_dict().items())
# --8<-- [end:exercise-4]
