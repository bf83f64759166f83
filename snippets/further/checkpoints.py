# Modern checkpoints: safetensors (shared tensors included), torch.load(mmap=True),
# building on the meta device with load_state_dict(assign=True), torch.export.save/load.
# Every file goes to a relative path.

# --8<-- [start:model]
import torch
from torch import nn


class TinyLM(nn.Module):
    """Embedding and output layer share one weight matrix (weight tying)."""

    def __init__(self, vocab=50, dim=8):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.hidden = nn.Linear(dim, dim)
        self.head = nn.Linear(dim, vocab, bias=False)
        self.head.weight = self.embed.weight  # tied

    def forward(self, tokens):
        return self.head(torch.tanh(self.hidden(self.embed(tokens))))


torch.manual_seed(0)
model = TinyLM()
tokens = torch.tensor([[1, 2, 3, 4]])
# --8<-- [end:model]

# --8<-- [start:save-file]
from safetensors.torch import load_file, save_file

plain = {"hidden.weight": model.hidden.weight.detach(), "hidden.bias": model.hidden.bias.detach()}
save_file(plain, "hidden.safetensors", metadata={"epoch": "3"})
restored = load_file("hidden.safetensors")
# --8<-- [end:save-file]

# --8<-- [start:shared]
try:
    save_file(model.state_dict(), "tiny.safetensors")
except RuntimeError as error:
    shared_error = error
# --8<-- [end:shared]

# --8<-- [start:save-model]
from safetensors import safe_open
from safetensors.torch import load_model, save_model

save_model(model, "tiny.safetensors")
with safe_open("tiny.safetensors", framework="pt") as f:
    stored_names = list(f.keys())
    stored_metadata = f.metadata()

fresh = TinyLM()
missing, unexpected = load_model(fresh, "tiny.safetensors")
still_tied = fresh.head.weight is fresh.embed.weight
same_output = torch.equal(fresh(tokens), model(tokens))
# --8<-- [end:save-model]

# --8<-- [start:mmap]
torch.save(model.state_dict(), "tiny.pt")
state = torch.load("tiny.pt", mmap=True, map_location="cpu")  # maps the file, reads lazily
# --8<-- [end:mmap]

# --8<-- [start:meta]
with torch.device("meta"):
    skeleton = TinyLM()  # shapes and dtypes only: no memory, no random init
# --8<-- [end:meta]

# --8<-- [start:assign]
skeleton.load_state_dict(state, assign=True)  # take the loaded tensors as the parameters
# --8<-- [end:assign]

# --8<-- [start:retie]
skeleton.head.weight = skeleton.embed.weight  # tie them again
is_loaded = torch.equal(skeleton(tokens), model(tokens))
# --8<-- [end:retie]

# --8<-- [start:export]
exported = torch.export.export(model, (tokens,))
torch.export.save(exported, "tiny.pt2")

loaded_program = torch.export.load("tiny.pt2")  # no TinyLM class needed to run it
runnable = loaded_program.module()
exported_same = torch.equal(runnable(tokens), model(tokens))
# --8<-- [end:export]

# --8<-- [start:exercise-1]
w = torch.randn(3, 4)
try:
    save_file({"w_t": w.t()}, "transposed.safetensors")
except ValueError as error:
    contiguous_error = error

save_file({"w_t": w.t().contiguous()}, "transposed.safetensors")
w_t_back = load_file("transposed.safetensors")["w_t"]
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
def pt_to_safetensors(src, dst, epoch):
    checkpoint = torch.load(src, map_location="cpu")
    tensors = {name: t.contiguous() for name, t in checkpoint["model"].items()}
    save_file(tensors, dst, metadata={"epoch": str(epoch)})  # metadata: str -> str only


torch.save({"model": model.hidden.state_dict(), "epoch": 7}, "hidden-ckpt.pt")
pt_to_safetensors("hidden-ckpt.pt", "hidden-ckpt.safetensors", epoch=7)
converted = load_file("hidden-ckpt.safetensors")
with safe_open("hidden-ckpt.safetensors", framework="pt") as f:
    converted_epoch = int(f.metadata()["epoch"])
all_equal = all(torch.equal(converted[k], v) for k, v in model.hidden.state_dict().items())
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
with safe_open("tiny.safetensors", framework="pt") as f:
    rows = f.get_slice("embed.weight")[0:2]  # reads only these rows from disk
    hidden_bias = f.get_tensor("hidden.bias")
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
torch.save({"weight": torch.ones(2, 2)}, "ones.pt")
layer = nn.Linear(2, 2, bias=False)
layer.load_state_dict(torch.load("ones.pt", mmap=True), assign=True)
with torch.no_grad():
    layer.weight.add_(1)  # change the parameter in place
reread = torch.load("ones.pt")["weight"]
# --8<-- [end:exercise-4]
