# Training a small image classifier: data, a batch, the CNN, training, testing, devices.

# --8<-- [start:imports]
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms
from PIL import Image
from sklearn.datasets import load_digits
# --8<-- [end:imports]

# --8<-- [start:transform]
transform = transforms.Compose(
    [transforms.ToTensor(),  # PIL image (H, W, C) in 0..255 -> float tensor (C, H, W) in [0, 1]
     transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])  # [0, 1] -> [-1, 1]
# --8<-- [end:transform]

# --8<-- [start:digits]
class Digits(torch.utils.data.Dataset):
    """scikit-learn's 8x8 handwritten digits, served like CIFAR-10: RGB PIL images, 32x32."""

    def __init__(self, transform=None):
        digits = load_digits()  # ships with scikit-learn: no download
        pixels = (digits.images * (255 / 16)).astype(np.uint8)  # 0..16 -> 0..255
        # 8x8 grayscale -> 32x32 RGB once, here, rather than again in every epoch
        self.images = [Image.fromarray(image).resize((32, 32), Image.Resampling.BILINEAR).convert("RGB")
                       for image in pixels]
        self.targets = digits.target.tolist()
        self.transform = transform

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        img = self.images[index]
        if self.transform is not None:
            img = self.transform(img)
        return img, self.targets[index]


classes = ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
# --8<-- [end:digits]

# --8<-- [start:loaders]
torch.manual_seed(0)
dataset = Digits(transform=transform)
trainset, valset, testset = torch.utils.data.random_split(
    dataset, [1097, 200, 500], generator=torch.Generator().manual_seed(0))
trainloader = torch.utils.data.DataLoader(trainset, batch_size=4, shuffle=True)
valloader = torch.utils.data.DataLoader(valset, batch_size=4, shuffle=False)
testloader = torch.utils.data.DataLoader(testset, batch_size=4, shuffle=False)
# --8<-- [end:loaders]

# --8<-- [start:imshow]
def imshow(img, ax):
    img = img / 2 + 0.5  # undo Normalize: [-1, 1] -> [0, 1]
    npimg = img.numpy()
    ax.imshow(np.transpose(npimg, (1, 2, 0)), interpolation="nearest")  # (C, H, W) -> (H, W, C)
    ax.axis("off")


dataiter = iter(trainloader)
images, labels = next(dataiter)

fig, ax = plt.subplots(figsize=(6, 1.8))
imshow(torchvision.utils.make_grid(images), ax)
Path("figures").mkdir(exist_ok=True)
fig.savefig("figures/batch.svg", metadata={"Date": None}, bbox_inches="tight")
plt.close(fig)
# --8<-- [end:imshow]

# --8<-- [start:net]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))  # (N, 3, 32, 32) -> (N, 6, 14, 14)
        x = self.pool(F.relu(self.conv2(x)))  # -> (N, 16, 5, 5)
        x = torch.flatten(x, 1)  # -> (N, 400); the notes used x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)  # raw scores (logits), no softmax
        return x


torch.manual_seed(0)  # the initial weights, then the shuffling order
net = Net()
# --8<-- [end:net]

# --8<-- [start:loss-optim]
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.003, momentum=0.9)  # older tutorials: lr=0.001
# --8<-- [end:loss-optim]

# --8<-- [start:train]
running_losses = []  # mean loss over each stretch of 100 mini-batches
for epoch in range(3):  # loop over the dataset three times
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data

        optimizer.zero_grad()  # gradients accumulate: clear last step's
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if i % 100 == 99:  # older tutorials printed every 2000 mini-batches
            running_losses.append(running_loss / 100)
            running_loss = 0.0
# --8<-- [end:train]

# --8<-- [start:validate]
def accuracy_on(model, loader):
    """Fraction of the loader's images that the model classifies correctly."""
    model.eval()  # no dropout or batch norm here, but say what you mean
    correct = 0
    with torch.no_grad():  # no graph: less memory, faster
        for images, labels in loader:
            correct += (model(images).argmax(1) == labels).sum().item()
    return correct / len(loader.dataset)


def train_candidate(lr, epochs=3):
    """The training above, from the same start, with another learning rate."""
    torch.manual_seed(0)
    model = Net()
    optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for epoch in range(epochs):
        for inputs, labels in trainloader:
            optimizer.zero_grad()
            criterion(model(inputs), labels).backward()
            optimizer.step()
    return model


candidates = {0.001: train_candidate(0.001), 0.003: net, 0.01: train_candidate(0.01)}
val_accuracy = {lr: accuracy_on(model, valloader) for lr, model in candidates.items()}
best_lr = max(val_accuracy, key=val_accuracy.get)
net = candidates[best_lr]
# --8<-- [end:validate]

# --8<-- [start:test-batch]
dataiter = iter(testloader)
images, labels = next(dataiter)
outputs = net(images)
_, predicted = torch.max(outputs, 1)  # index of the highest score in each row
# --8<-- [end:test-batch]

# --8<-- [start:accuracy]
correct = 0
total = 0
net.eval()
with torch.no_grad():
    for images, labels in testloader:
        outputs = net(images)
        _, predicted = torch.max(outputs, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()
accuracy = correct / total
# --8<-- [end:accuracy]

# --8<-- [start:per-class]
class_correct = [0] * len(classes)
class_total = [0] * len(classes)
with torch.no_grad():
    for images, labels in testloader:
        _, predicted = torch.max(net(images), 1)
        for label, prediction in zip(labels.tolist(), predicted.tolist()):  # any batch size
            class_correct[label] += int(label == prediction)
            class_total[label] += 1
per_class = {name: class_correct[i] / class_total[i] for i, name in enumerate(classes)}
# --8<-- [end:per-class]

# --8<-- [start:device]
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_one_epoch(model, loader, criterion, optimizer, device):
    model.train()
    total_loss = 0.0
    for inputs, labels in loader:
        inputs, labels = inputs.to(device), labels.to(device)  # each batch, every step
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * labels.size(0)
    return total_loss / len(loader.dataset)


def evaluate(model, loader, device):
    model.eval()
    correct = 0
    with torch.no_grad():
        for inputs, labels in loader:
            inputs, labels = inputs.to(device), labels.to(device)
            correct += (model(inputs).argmax(1) == labels).sum().item()
    return correct / len(loader.dataset)


net.to(device)  # moves every parameter and buffer, recursively, in place
optimizer = optim.SGD(net.parameters(), lr=0.003, momentum=0.9)  # built after the move
accuracy_before = evaluate(net, valloader, device)
epoch_loss = train_one_epoch(net, trainloader, criterion, optimizer, device)  # a third epoch
accuracy_after = evaluate(net, valloader, device)
# --8<-- [end:device]

# --8<-- [start:exercise-1]
import math

torch.manual_seed(0)
fresh = Net()
images, labels = next(iter(trainloader))
with torch.no_grad():
    initial_loss = criterion(fresh(images), labels).item()
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
again = torch.utils.data.random_split(
    dataset, [1097, 200, 500], generator=torch.Generator().manual_seed(0))
same_split = [a.indices == b.indices for a, b in zip(again, (trainset, valset, testset))]
overlap = set(trainset.indices) & set(valset.indices) | set(valset.indices) & set(testset.indices)
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
class Net28(Net):
    """Net for 1x28x28 grayscale images (MNIST)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)  # one input channel
        self.fc1 = nn.Linear(16 * 4 * 4, 120)  # 28 -> 24 -> 12 -> 8 -> 4


out28 = Net28()(torch.zeros(2, 1, 28, 28))
# --8<-- [end:exercise-3]

# --8<-- [start:exercise-4]
confusion = torch.zeros(10, 10, dtype=torch.int64)  # rows: true class, columns: predicted
net.eval()
with torch.no_grad():
    for images, labels in valloader:
        predicted = net(images.to(device)).argmax(1).cpu()
        for true, guess in zip(labels.tolist(), predicted.tolist()):
            confusion[true, guess] += 1
val_counts = torch.bincount(torch.tensor([label for _, label in valset]), minlength=10)
# --8<-- [end:exercise-4]
