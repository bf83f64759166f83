# Snippets for the page nn/neural_networks: LeNet, loss, backprop, weight updates.

# --8<-- [start:define]
import torch
from torch import nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        # 1 input channel, 6 output channels, 5x5 kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # after two conv+pool stages a 32x32 image becomes 16 maps of 5x5
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)  # keep dim 0 (the batch), flatten the rest
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
# --8<-- [end:define]

# --8<-- [start:create]
torch.manual_seed(0)
net = LeNet()
# --8<-- [end:create]

# --8<-- [start:params]
params = list(net.parameters())
shapes = {name: tuple(p.shape) for name, p in net.named_parameters()}
n_params = sum(p.numel() for p in net.parameters())
# --8<-- [end:params]

# --8<-- [start:forward]
x = torch.randn(1, 1, 32, 32)  # batch of 1 image, 1 channel, 32x32
out = net(x)
# --8<-- [end:forward]

# --8<-- [start:unsqueeze]
image = torch.randn(1, 32, 32)  # one image without a batch dimension
batch = image.unsqueeze(0)      # shape (1, 1, 32, 32): a batch of one
# --8<-- [end:unsqueeze]

# --8<-- [start:backward-vector]
net.zero_grad()                # clear the gradients of all parameters
v = torch.randn(1, 10)         # the "upstream" gradient dL/d(out)
out.backward(v)
# --8<-- [end:backward-vector]

# --8<-- [start:loss]
output = net(x)                # a fresh forward pass: backward() freed the old graph
target = torch.randn(10).view(1, -1)  # same shape as output: (1, 10)
criterion = nn.MSELoss()
loss = criterion(output, target)
# --8<-- [end:loss]

# --8<-- [start:graph]
def graph_lines(fn, depth=0):
    """The backward graph below `fn`, one node name per line, indented by depth."""
    lines = ["  " * depth + fn.name()]
    for child, _ in fn.next_functions:
        if child is not None:  # None: an input that does not need a gradient
            lines += graph_lines(child, depth + 1)
    return lines
# --8<-- [end:graph]

# --8<-- [start:backprop]
net.zero_grad()
grad_before = net.conv1.bias.grad
loss.backward()
grad_after = net.conv1.bias.grad
# --8<-- [end:backprop]

# --8<-- [start:manual-sgd]
learning_rate = 0.01
with torch.no_grad():          # the update itself must not be recorded by autograd
    for p in net.parameters():
        p -= learning_rate * p.grad
loss_after_step = criterion(net(x), target)
# --8<-- [end:manual-sgd]

# --8<-- [start:optim]
import torch.optim as optim

optimizer = optim.SGD(net.parameters(), lr=0.01)

# one training step
optimizer.zero_grad()          # gradients accumulate: clear them first
output = net(x)
loss = criterion(output, target)
loss.backward()
optimizer.step()               # p -= lr * p.grad for every parameter
# --8<-- [end:optim]

# --8<-- [start:train]
device = "cuda" if torch.cuda.is_available() else "cpu"

torch.manual_seed(0)
model = LeNet().to(device)
images = torch.randn(8, 1, 32, 32).to(device)   # a tiny made-up batch
targets = torch.randn(8, 10).to(device)
criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.05)

losses = []
for step in range(50):
    optimizer.zero_grad()
    loss = criterion(model(images), targets)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
# --8<-- [end:train]

# --8<-- [start:exercise-1]
small = torch.zeros(4, 1, 28, 28)  # a batch of four 28x28 images


class LeNet28(LeNet):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16 * 4 * 4, 120)  # 28 -> 24 -> 12 -> 8 -> 4


net28 = LeNet28()
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
y_hat = net(x).detach().requires_grad_()  # treat the output as the variable
criterion(y_hat, target).backward()
by_formula = 2 * (y_hat - target) / y_hat.numel()
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
net.zero_grad()
criterion(net(x), target).backward()
once = net.fc3.bias.grad.clone()
criterion(net(x), target).backward()  # no zero_grad() in between
twice = net.fc3.bias.grad.clone()
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
import copy


def sgd_step(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad


torch.manual_seed(0)
mine = LeNet()
theirs = copy.deepcopy(mine)  # same starting values
opt = optim.SGD(theirs.parameters(), lr=0.05)
for m in (mine, theirs):
    criterion(m(images.cpu()), targets.cpu()).backward()
sgd_step(mine, lr=0.05)
opt.step()
same = all(torch.allclose(a, b) for a, b in zip(mine.parameters(), theirs.parameters()))
# --8<-- [end:exercise-4]
