# Lazy initialization: layers that infer their input size from the first batch.

# --8<-- [start:build]
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"

# Only the output sizes are given; the input sizes are still unknown.
net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
# --8<-- [end:build]

# --8<-- [start:dry-run]
net = net.to(device)  # choose device (and dtype) first ...
X = torch.rand(2, 20).to(device)
Y = net(X)  # ... then one forward pass fixes every shape
# --8<-- [end:dry-run]

# --8<-- [start:init]
def init_weights(m):
    if isinstance(m, nn.Linear):  # LazyLinear is a subclass of Linear
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)


net.apply(init_weights)  # safe now: the parameters have shapes
# --8<-- [end:init]

# --8<-- [start:init-too-early]
fresh = nn.Sequential(nn.LazyLinear(4))
try:
    fresh.apply(init_weights)  # before the dry run
except ValueError as e:
    init_error = e
# --8<-- [end:init-too-early]

# --8<-- [start:early-optimizer]
torch.manual_seed(0)
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1)).to(device)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)  # built too early

X = torch.rand(16, 5).to(device)
y = torch.rand(16, 1).to(device)
loss = nn.functional.mse_loss(net(X), y)  # first forward: shapes fixed here
before = net[0].weight.detach().clone()
loss.backward()
optimizer.step()
# --8<-- [end:early-optimizer]

# --8<-- [start:param-groups-early]
torch.manual_seed(0)
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1)).to(device)
# Common recipe: weight decay on weight matrices only, not on biases.
decay = [p for p in net.parameters() if p.ndim >= 2]
no_decay = [p for p in net.parameters() if p.ndim < 2]
# --8<-- [end:param-groups-early]

# --8<-- [start:param-groups]
net(torch.zeros(1, 5).to(device))  # dry run first
decay = [p for p in net.parameters() if p.ndim >= 2]
no_decay = [p for p in net.parameters() if p.ndim < 2]
optimizer = torch.optim.AdamW(
    [{"params": decay, "weight_decay": 0.01},
     {"params": no_decay, "weight_decay": 0.0}],
    lr=1e-3,
)
# --8<-- [end:param-groups]

# --8<-- [start:rng-order]
torch.manual_seed(0)
eager = nn.Linear(4, 2)  # draws its weights right now

torch.manual_seed(0)
lazy = nn.LazyLinear(2)  # draws nothing yet
x = torch.rand(1, 4)     # this call takes the random numbers first ...
lazy(x)                  # ... and the weights get the ones after it
# --8<-- [end:rng-order]

# --8<-- [start:rng-order-fix]
torch.manual_seed(0)
lazy = nn.LazyLinear(2)
lazy(torch.zeros(1, 4))  # dry run right away, with data that uses no RNG
# --8<-- [end:rng-order-fix]

# --8<-- [start:conv]
def lenet():
    # No in_channels, no 16 * 5 * 5: the first batch supplies them.
    return nn.Sequential(
        nn.LazyConv2d(6, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
        nn.LazyConv2d(16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.LazyLinear(120), nn.ReLU(),
        nn.LazyLinear(84), nn.ReLU(),
        nn.LazyLinear(10),
    )


mnist_net = lenet().to(device)
mnist_net(torch.zeros(1, 1, 28, 28).to(device))  # grey 28x28 images
cifar_net = lenet().to(device)
cifar_net(torch.zeros(1, 3, 32, 32).to(device))  # colour 32x32 images
# --8<-- [end:conv]

# --8<-- [start:load]
trained = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
restored = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
restored.load_state_dict(trained.state_dict())  # shapes come from the file
# --8<-- [end:load]

# --8<-- [start:exercise-1]
conv = nn.LazyConv2d(8, kernel_size=3)
out = conv(torch.rand(4, 3, 16, 16))  # 3 input channels, 16x16 images
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
student = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
try:
    ema = [p.detach().clone() for p in student.parameters()]  # an EMA copy, too early
except ValueError as e:
    ema_error = e
student(torch.zeros(1, 5))  # dry run
ema = [p.detach().clone() for p in student.parameters()]  # now it works
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def count_params(net, example_shape):
    """Number of parameters of a (possibly lazy) network, after a dry run on zeros."""
    net(torch.zeros(example_shape))
    return sum(p.numel() for p in net.parameters())


by_hand = (1 * 6 * 5 * 5 + 6) + (6 * 16 * 5 * 5 + 16) + (256 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
n_lenet28 = count_params(lenet(), (1, 1, 28, 28))
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
torch.manual_seed(0)
eager2 = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))

torch.manual_seed(0)
lazy_last = nn.Sequential(nn.Linear(4, 3), nn.LazyLinear(2))
lazy_last(torch.zeros(1, 4))

torch.manual_seed(0)
lazy_first = nn.Sequential(nn.LazyLinear(3), nn.Linear(3, 2))
lazy_first(torch.zeros(1, 4))


def same_weights(a, b):
    return [torch.equal(x.weight, y.weight) for x, y in zip(a, b)]
# --8<-- [end:exercise-4]
