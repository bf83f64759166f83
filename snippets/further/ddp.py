# Distributed data parallel, really run: two CPU processes with the gloo backend,
# DistributedSampler, gradients checked across ranks, DDP vs single-process weights,
# saving from rank 0, and the GPU/torchrun version (defined, not run).
# Every file goes to a relative path.

# --8<-- [start:sampler]
import torch
from torch.utils.data import DistributedSampler, TensorDataset


def make_data():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 4, generator=g)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 0.1 * torch.randn(64, 1, generator=g)
    return TensorDataset(x, y)


small = TensorDataset(torch.arange(10))
shards = [list(DistributedSampler(small, num_replicas=2, rank=r, shuffle=False)) for r in range(2)]
# --8<-- [end:sampler]

# --8<-- [start:model]
from torch import nn

EPOCHS, GLOBAL_BATCH, LR, SEED = 2, 16, 0.1, 0


def make_model():
    torch.manual_seed(SEED)  # same initial weights in every process
    return nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1))
# --8<-- [end:model]

# --8<-- [start:worker]
import datetime

import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader


def worker(rank, world_size, port):
    torch.set_num_threads(1)  # one core per process
    dist.init_process_group(
        "gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size,
        timeout=datetime.timedelta(seconds=60),  # fail instead of hanging if a peer dies
    )
    try:
        ds = make_data()
        sampler = DistributedSampler(ds, num_replicas=world_size, rank=rank, shuffle=True, seed=SEED)
        loader = DataLoader(ds, batch_size=GLOBAL_BATCH // world_size, sampler=sampler)
        model = DDP(make_model())  # broadcasts rank 0's weights to every rank
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        result = {"rank": rank, "indices": []}
        for epoch in range(EPOCHS):
            sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every rank
            for step, (x, y) in enumerate(loader):
                if epoch == 0 and step == 0:
                    with model.no_sync():  # local gradient only, for the demonstration
                        F.mse_loss(model(x), y).backward()
                    result["local_grad"] = model.module[0].weight.grad.clone()
                    opt.zero_grad()
                opt.zero_grad()
                F.mse_loss(model(x), y).backward()  # DDP averages gradients across ranks here
                if epoch == 0 and step == 0:
                    result["synced_grad"] = model.module[0].weight.grad.clone()
                opt.step()
            result["indices"].append(list(sampler))
        result["weights"] = {k: v.clone() for k, v in model.module.state_dict().items()}
        result["ddp_keys"] = list(model.state_dict())[:2]
        if rank == 0:  # one process writes the checkpoint
            torch.save(model.module.state_dict(), "ddp_model.pt")
        dist.barrier()  # nobody goes on before the file is complete
        torch.save(result, f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()
# --8<-- [end:worker]

# --8<-- [start:launch]
import multiprocessing as mp
import socket
import sys
import time

import torch._dynamo  # DDP imports it on first use (seconds): once here, not in every child


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))  # the OS picks a free port
        return s.getsockname()[1]


def launch(world_size=2, timeout=120):
    # fork on Linux; spawn elsewhere, which needs the main guard (see the data loading page)
    ctx = mp.get_context("fork" if sys.platform == "linux" else "spawn")
    port = free_port()
    procs = [ctx.Process(target=worker, args=(r, world_size, port)) for r in range(world_size)]
    for p in procs:
        p.start()
    try:
        deadline = time.monotonic() + timeout
        for p in procs:
            p.join(max(0.0, deadline - time.monotonic()))
    finally:
        for p in procs:  # never leave a process behind, whatever happened
            if p.is_alive():
                p.kill()
                p.join()
    return [p.exitcode for p in procs]


if __name__ == "__main__":
    exitcodes = launch()
    results = [torch.load(f"rank{r}.pt") for r in range(2)]
# --8<-- [end:launch]

# --8<-- [start:single]
def train_single_process():
    ds = make_data()
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    for epoch in range(EPOCHS):
        perm = torch.randperm(len(ds), generator=torch.Generator().manual_seed(SEED + epoch))
        for batch in perm.split(GLOBAL_BATCH):  # the union of what the ranks see per step
            x, y = ds[batch]
            opt.zero_grad()
            F.mse_loss(model(x), y).backward()
            opt.step()
    return model.state_dict()


single = train_single_process()
max_diff = max((single[k] - results[0]["weights"][k]).abs().max().item() for k in single)
# --8<-- [end:single]

# --8<-- [start:load]
plain = make_model()
plain.load_state_dict(torch.load("ddp_model.pt"))  # saved from .module: no prefix
# --8<-- [end:load]

# --8<-- [start:strip-prefix]
prefixed = {"module." + k: v for k, v in plain.state_dict().items()}  # as saved from the wrapper
try:
    make_model().load_state_dict(prefixed)
except RuntimeError as error:
    prefix_error = error

from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present

consume_prefix_in_state_dict_if_present(prefixed, "module.")
fixed_keys = list(prefixed)[:2]
# --8<-- [end:strip-prefix]

# --8<-- [start:gpu]
import os


def train_on_gpus():  # run as: torchrun --nproc_per_node=NUM_GPUS train.py
    dist.init_process_group("nccl")  # rank, world size, address: from torchrun's env vars
    local_rank = int(os.environ["LOCAL_RANK"])  # which GPU of this machine
    torch.cuda.set_device(local_rank)
    try:
        model = DDP(make_model().to(local_rank), device_ids=[local_rank])
        ds = make_data()
        sampler = DistributedSampler(ds)  # num_replicas and rank from the process group
        loader = DataLoader(ds, batch_size=8, sampler=sampler, pin_memory=True)
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        for epoch in range(EPOCHS):
            sampler.set_epoch(epoch)
            for x, y in loader:
                x, y = x.to(local_rank, non_blocking=True), y.to(local_rank, non_blocking=True)
                opt.zero_grad()
                F.mse_loss(model(x), y).backward()
                opt.step()
        if dist.get_rank() == 0:
            torch.save(model.module.state_dict(), "model.pt")
        dist.barrier()
    finally:
        dist.destroy_process_group()
# --8<-- [end:gpu]

# --8<-- [start:exercise-1]
uneven = TensorDataset(torch.arange(5))
padded_shards = [list(DistributedSampler(uneven, num_replicas=2, rank=r, shuffle=False)) for r in range(2)]
dropped_shards = [list(DistributedSampler(uneven, num_replicas=2, rank=r, shuffle=False, drop_last=True))
                  for r in range(2)]
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def shuffled_shards(epoch, set_epoch):
    sampler = DistributedSampler(small, num_replicas=2, rank=0, shuffle=True, seed=0)
    if set_epoch:
        sampler.set_epoch(epoch)
    return list(sampler)


forgot = [shuffled_shards(e, set_epoch=False) for e in range(2)]
remembered = [shuffled_shards(e, set_epoch=True) for e in range(2)]
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def mean_of_local_means(ds, batch):
    model = make_model()
    halves = [batch[0::2], batch[1::2]]  # what rank 0 and rank 1 get
    grads = []
    for half in halves:
        model.zero_grad()
        x, y = ds[half]
        F.mse_loss(model(x), y).backward()
        grads.append(model[0].weight.grad.clone())
    model.zero_grad()
    x, y = ds[batch]
    F.mse_loss(model(x), y).backward()
    return (grads[0] + grads[1]) / 2, model[0].weight.grad.clone()


ds = make_data()
averaged, full_batch = mean_of_local_means(ds, torch.arange(16))
# --8<-- [end:exercise-3]
