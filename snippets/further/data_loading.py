# Datasets and DataLoader in depth: map-style and iterable datasets, collate_fn,
# samplers, batching, worker processes and their seeds, transforms v2, the main guard.

# --8<-- [start:map-style]
import torch
from torch.utils.data import Dataset


class Sequences(Dataset):
    """Sample i: a sequence of length 1..5 filled with i, and a label (1 for every 10th)."""

    def __init__(self, n=100):
        g = torch.Generator().manual_seed(0)
        self.lengths = torch.randint(1, 6, (n,), generator=g)
        self.labels = (torch.arange(n) % 10 == 0).long()

    def __len__(self):
        return len(self.lengths)

    def __getitem__(self, i):
        return torch.full((int(self.lengths[i]),), i), self.labels[i]


ds = Sequences()
# --8<-- [end:map-style]

# --8<-- [start:default-collate]
from torch.utils.data import DataLoader

loader = DataLoader(ds, batch_size=4)
try:
    next(iter(loader))
except RuntimeError as error:
    collate_error = error
# --8<-- [end:default-collate]

# --8<-- [start:collate]
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch):
    sequences, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in sequences])
    padded = pad_sequence(sequences, batch_first=True, padding_value=-1)
    return padded, lengths, torch.stack(labels)


loader = DataLoader(ds, batch_size=4, collate_fn=pad_collate)
padded, lengths, labels = next(iter(loader))
# --8<-- [end:collate]

# --8<-- [start:batching]
full = DataLoader(ds, batch_size=32, collate_fn=pad_collate)
dropped = DataLoader(ds, batch_size=32, collate_fn=pad_collate, drop_last=True)
batch_sizes = [len(labels) for _, _, labels in full]
# --8<-- [end:batching]

# --8<-- [start:sampler]
from torch.utils.data import WeightedRandomSampler

class_counts = torch.bincount(ds.labels)
weights = 1.0 / class_counts[ds.labels].double()  # rare class: larger weight
sampler = WeightedRandomSampler(weights, num_samples=len(ds), replacement=True,
                                generator=torch.Generator().manual_seed(0))
balanced = DataLoader(ds, batch_size=20, sampler=sampler, collate_fn=pad_collate)
seen = torch.cat([labels for _, _, labels in balanced])
# --8<-- [end:sampler]

# --8<-- [start:iterable]
from torch.utils.data import IterableDataset, get_worker_info


class Stream(IterableDataset):
    """Yields 0..n-1, e.g. lines read from a file or records from a socket."""

    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


naive = [int(x) for x in DataLoader(Stream(6), batch_size=None, num_workers=2)]


class ShardedStream(Stream):
    def __iter__(self):
        info = get_worker_info()
        if info is None:  # loading in the main process
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))


sharded = [int(x) for x in DataLoader(ShardedStream(6), batch_size=None, num_workers=2)]
# --8<-- [end:iterable]

# --8<-- [start:workers]
device = "cuda" if torch.cuda.is_available() else "cpu"

loader = DataLoader(
    ds,
    batch_size=25,
    collate_fn=pad_collate,
    num_workers=2,  # two worker processes prepare batches in parallel
    persistent_workers=True,  # keep them alive between epochs
    pin_memory=torch.cuda.is_available(),  # page-locked batches copy faster to a GPU
)
for epoch in range(2):
    for padded, lengths, labels in loader:
        padded = padded.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)
n_batches = len(loader)
# --8<-- [end:workers]

# --8<-- [start:seeds]
import random

import numpy as np


class WhoAmI(Dataset):
    """Each sample reports which worker made it and what its random generators gave."""

    def __len__(self):
        return 4

    def __getitem__(self, i):
        info = get_worker_info()
        return {
            "worker": info.id,
            "torch_seed": torch.initial_seed(),
            "torch": torch.rand(()).item(),
            "random": random.random(),
            "numpy": float(np.random.rand()),
        }


def worker_report(generator):
    loader = DataLoader(WhoAmI(), batch_size=None, num_workers=2, generator=generator)
    return list(loader)


g = torch.Generator().manual_seed(42)
epoch1 = worker_report(g)
epoch2 = worker_report(g)  # the generator has moved on: new base seed
again = worker_report(torch.Generator().manual_seed(42))  # same seed: same numbers
# --8<-- [end:seeds]

# --8<-- [start:transforms]
from torchvision import tv_tensors
from torchvision.transforms import v2

torch.manual_seed(0)
image = torch.randint(0, 256, (3, 32, 48), dtype=torch.uint8)  # C, H, W
train_transform = v2.Compose([
    v2.RandomResizedCrop(size=(24, 24), antialias=True),
    v2.RandomHorizontalFlip(p=0.5),
    v2.ToDtype(torch.float32, scale=True),  # uint8 0..255 -> float 0..1
    v2.Normalize(mean=[0.5, 0.5, 0.5], std=[0.25, 0.25, 0.25]),
])
out = train_transform(image)

# boxes move with the image
boxes = tv_tensors.BoundingBoxes([[0, 0, 10, 20]], format="XYXY", canvas_size=(32, 48))
flipped_image, flipped_boxes = v2.RandomHorizontalFlip(p=1.0)(image, boxes)
# --8<-- [end:transforms]

# --8<-- [start:main-guard]
def main():
    loader = DataLoader(ds, batch_size=50, collate_fn=pad_collate, num_workers=2)
    return sum(len(labels) for _, _, labels in loader)


if __name__ == "__main__":
    total = main()
# --8<-- [end:main-guard]

# --8<-- [start:exercise-1]
from torch.utils.data import default_collate

samples = [{"x": torch.tensor([i, 2 * i]), "y": i} for i in range(4)]
batch = default_collate(samples)
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def collate_with_mask(batch):
    sequences, labels = zip(*batch)
    padded = pad_sequence(sequences, batch_first=True, padding_value=0)
    lengths = torch.tensor([len(s) for s in sequences])
    mask = torch.arange(padded.shape[1]) < lengths[:, None]  # True at real positions
    return padded, mask, torch.stack(labels)


padded, mask, labels = next(iter(DataLoader(ds, batch_size=8, collate_fn=collate_with_mask)))
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class Noisy(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng(0)  # created once, in the main process

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return get_worker_info().id, float(self.rng.random())


def per_worker(loader):
    values = {0: [], 1: []}
    for worker, value in loader:
        values[int(worker)].append(round(float(value), 6))
    return values


copied = per_worker(DataLoader(Noisy(), batch_size=None, num_workers=2))


def reseed(worker_id):
    info = get_worker_info()
    info.dataset.rng = np.random.default_rng(info.seed)  # distinct per worker and per epoch


fixed = per_worker(DataLoader(Noisy(), batch_size=None, num_workers=2, worker_init_fn=reseed,
                              generator=torch.Generator().manual_seed(1)))
fixed_again = per_worker(DataLoader(Noisy(), batch_size=None, num_workers=2, worker_init_fn=reseed,
                                    generator=torch.Generator().manual_seed(1)))
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
def bucket_batches(lengths, batch_size, generator):
    order = torch.argsort(lengths, stable=True)  # similar lengths side by side
    batches = list(torch.split(order, batch_size))
    shuffled = torch.randperm(len(batches), generator=generator)  # random batch order
    return [batches[i].tolist() for i in shuffled]


def padding(loader):
    return sum(int((p == -1).sum()) for p, _, _ in loader)


buckets = bucket_batches(ds.lengths, 10, torch.Generator().manual_seed(0))
bucketed = DataLoader(ds, batch_sampler=buckets, collate_fn=pad_collate)
plain = DataLoader(ds, batch_size=10, shuffle=True, collate_fn=pad_collate,
                   generator=torch.Generator().manual_seed(0))
every_index_once = sorted(i for b in buckets for i in b) == list(range(len(ds)))
# --8<-- [end:exercise-4]
