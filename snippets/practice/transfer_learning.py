# Transfer learning with ResNet-18: ImageFolder data, train_model, fine-tuning vs a frozen feature extractor.

# --8<-- [start:imports]
import copy
import random
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
import torchvision
from PIL import Image, ImageDraw
from torch.optim import lr_scheduler
from torchvision import datasets, models, transforms
from torchvision.models import ResNet18_Weights
# --8<-- [end:imports]

# --8<-- [start:make-data]
def make_shapes(root="data/shapes", n_train=20, n_val=10, size=64, seed=0):
    """Write a tiny ImageFolder tree: root/{train,val}/{circle,square}/NNN.png."""
    rng = random.Random(seed)
    for phase, count in (("train", n_train), ("val", n_val)):
        for shape in ("circle", "square"):
            folder = Path(root, phase, shape)
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(count):
                background = tuple(rng.randrange(0, 256) for _ in range(3))
                color = tuple(rng.randrange(0, 256) for _ in range(3))
                img = Image.new("RGB", (size, size), background)
                r = rng.randrange(size // 6, size // 3)  # half the side or the radius
                cx, cy = rng.randrange(r, size - r), rng.randrange(r, size - r)
                box = (cx - r, cy - r, cx + r, cy + r)
                draw = ImageDraw.Draw(img)
                if shape == "circle":
                    draw.ellipse(box, fill=color)
                else:
                    draw.rectangle(box, fill=color)
                img.save(folder / f"{i:03d}.png")


make_shapes()
# --8<-- [end:make-data]

# --8<-- [start:transforms]
# Data augmentation and normalization for training; just normalization for validation.
# The notes use 224-pixel crops (Resize(256) + CenterCrop(224)); 64 keeps the CPU run short.
data_transforms = {
    'train': transforms.Compose([
        transforms.RandomResizedCrop(64),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])  # ImageNet statistics
    ]),
    'val': transforms.Compose([
        transforms.Resize(72),
        transforms.CenterCrop(64),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    ]),
}
# --8<-- [end:transforms]

# --8<-- [start:datasets]
data_dir = Path('data/shapes')
image_datasets = {x: datasets.ImageFolder(data_dir / x, data_transforms[x])
                  for x in ['train', 'val']}
dataloaders = {x: torch.utils.data.DataLoader(image_datasets[x], batch_size=4, shuffle=True)
               for x in ['train', 'val']}
dataset_sizes = {x: len(image_datasets[x]) for x in ['train', 'val']}
class_names = image_datasets['train'].classes

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# --8<-- [end:datasets]

# --8<-- [start:imshow]
def imshow(inp, ax, title=None):
    """Show a normalized (C, H, W) tensor on a matplotlib axis."""
    inp = inp.numpy().transpose((1, 2, 0))
    mean = np.array([0.485, 0.456, 0.406])
    std = np.array([0.229, 0.224, 0.225])
    inp = std * inp + mean  # undo Normalize
    inp = np.clip(inp, 0, 1)
    ax.imshow(inp)
    ax.axis('off')
    if title is not None:
        ax.set_title(title)


torch.manual_seed(0)
inputs, classes = next(iter(dataloaders['train']))  # a batch of training data
out = torchvision.utils.make_grid(inputs)  # one image made of the batch

fig, ax = plt.subplots(figsize=(6, 2))
imshow(out, ax, title=[class_names[x] for x in classes])
Path('figures').mkdir(exist_ok=True)
fig.savefig('figures/batch.svg', metadata={'Date': None}, bbox_inches='tight')
plt.close(fig)
# --8<-- [end:imshow]

# --8<-- [start:train-model]
def train_model(model, criterion, optimizer, scheduler, dataloaders, num_epochs=25):
    since = time.perf_counter()
    history = {'train_loss': [], 'train_acc': [], 'val_loss': [], 'val_acc': []}

    best_model_wts = copy.deepcopy(model.state_dict())  # a copy, not a view of the live weights
    best_acc = 0.0

    for epoch in range(num_epochs):
        # Each epoch has a training and a validation phase
        for phase in ['train', 'val']:
            if phase == 'train':
                model.train()  # dropout and batch norm in training mode
            else:
                model.eval()  # batch norm uses its running statistics

            running_loss = 0.0
            running_corrects = 0

            for inputs, labels in dataloaders[phase]:
                inputs = inputs.to(device)
                labels = labels.to(device)

                optimizer.zero_grad()

                # track history only in train
                with torch.set_grad_enabled(phase == 'train'):
                    outputs = model(inputs)
                    _, preds = torch.max(outputs, 1)
                    loss = criterion(outputs, labels)

                    if phase == 'train':
                        loss.backward()
                        optimizer.step()

                running_loss += loss.item() * inputs.size(0)
                running_corrects += (preds == labels).sum().item()

            if phase == 'train':
                scheduler.step()  # once per epoch, after the optimizer steps

            size = len(dataloaders[phase].dataset)
            epoch_loss = running_loss / size
            epoch_acc = running_corrects / size
            history[f'{phase}_loss'].append(epoch_loss)
            history[f'{phase}_acc'].append(epoch_acc)

            # deep copy the model
            if phase == 'val' and epoch_acc > best_acc:
                best_acc = epoch_acc
                best_model_wts = copy.deepcopy(model.state_dict())

    history['seconds'] = time.perf_counter() - since
    history['best_acc'] = best_acc

    # load best model weights
    model.load_state_dict(best_model_wts)
    return model, history
# --8<-- [end:train-model]

# --8<-- [start:lr-order]
def lrs_per_epoch(scheduler_first, num_epochs=4):
    """The learning rate each epoch trains with, for either order of the two step() calls."""
    toy = nn.Linear(2, 1)
    optimizer = optim.SGD(toy.parameters(), lr=0.1)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.1)
    used = []
    for epoch in range(num_epochs):
        if scheduler_first:
            scheduler.step()  # the notes' order
        used.append(round(optimizer.param_groups[0]['lr'], 6))
        optimizer.zero_grad()
        toy(torch.ones(1, 2)).sum().backward()
        optimizer.step()
        if not scheduler_first:
            scheduler.step()  # the order PyTorch expects since 1.1
    return used
# --8<-- [end:lr-order]

# --8<-- [start:finetune]
torch.manual_seed(0)
model_ft = models.resnet18(weights=None)  # random init offline; pretrained: see below
num_ftrs = model_ft.fc.in_features
model_ft.fc = nn.Linear(num_ftrs, len(class_names))  # a new head: 2 classes instead of 1000

model_ft = model_ft.to(device)

criterion = nn.CrossEntropyLoss()

# All parameters are being optimized
optimizer_ft = optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)

# Decay LR by a factor of 0.1 every 7 epochs
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)
# --8<-- [end:finetune]

# --8<-- [start:frozen]
torch.manual_seed(0)
model_conv = torchvision.models.resnet18(weights=None)
for param in model_conv.parameters():
    param.requires_grad = False

# Parameters of newly constructed modules have requires_grad=True by default
num_ftrs = model_conv.fc.in_features
model_conv.fc = nn.Linear(num_ftrs, len(class_names))

model_conv = model_conv.to(device)

# Only the parameters of the final layer are being optimized
optimizer_conv = optim.SGD(model_conv.fc.parameters(), lr=0.001, momentum=0.9)

exp_lr_scheduler = lr_scheduler.StepLR(optimizer_conv, step_size=7, gamma=0.1)
# --8<-- [end:frozen]

# --8<-- [start:frozen-step]
torch.manual_seed(0)
inputs, labels = next(iter(dataloaders['train']))
bn_mean_before = model_conv.bn1.running_mean.clone()
model_conv.train()
optimizer_conv.zero_grad()
loss = criterion(model_conv(inputs.to(device)), labels.to(device))
loss.backward()
optimizer_conv.step()
# --8<-- [end:frozen-step]

# --8<-- [start:digits-data]
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, TensorDataset

digits = load_digits()  # 1797 real 8x8 handwritten digits, shipped with scikit-learn
x = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16  # (N, 1, 8, 8) in [0, 1]
x = nn.functional.interpolate(x, size=32, mode='bilinear').expand(-1, 3, -1, -1)  # RGB 32x32
x = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])(x)
y = torch.tensor(digits.target)

source = y < 5  # pretrain on 0-4; the new task is 5-9
g = torch.Generator().manual_seed(0)
x_src, y_src = x[source], y[source]
src_order = torch.randperm(len(y_src), generator=g)
source_loaders = {
    'train': DataLoader(TensorDataset(x_src[src_order[:800]], y_src[src_order[:800]]),
                        batch_size=32, shuffle=True),
    'val': DataLoader(TensorDataset(x_src[src_order[800:]], y_src[src_order[800:]]),
                      batch_size=256)}

x_new, y_new = x[~source], y[~source] - 5  # labels 5-9 become 0-4
new_order = torch.randperm(len(y_new), generator=g)
few = torch.cat([new_order[y_new[new_order] == c][:2] for c in range(5)])  # 2 labels per class
rest = new_order[~torch.isin(new_order, few)]
target_loaders = {
    'train': DataLoader(TensorDataset(x_new[few], y_new[few]), batch_size=10, shuffle=True),
    'val': DataLoader(TensorDataset(x_new[rest[:100]], y_new[rest[:100]]), batch_size=256),
    'test': DataLoader(TensorDataset(x_new[rest[100:]], y_new[rest[100:]]), batch_size=256)}
digit_names = ['5', '6', '7', '8', '9']
# --8<-- [end:digits-data]

# --8<-- [start:small-cnn]
class SmallCNN(nn.Module):
    """The classifier page's network, split into a feature extractor and a head called fc."""

    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU())
        self.fc = nn.Linear(84, num_classes)

    def forward(self, x):
        return self.fc(self.features(x))
# --8<-- [end:small-cnn]

# --8<-- [start:pretrain]
torch.manual_seed(0)
pretrained = SmallCNN(num_classes=5).to(device)
optimizer = optim.SGD(pretrained.parameters(), lr=0.01, momentum=0.9)
scheduler = lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)
pretrained, history_src = train_model(pretrained, criterion, optimizer, scheduler,
                                      source_loaders, num_epochs=5)
# --8<-- [end:pretrain]

# --8<-- [start:transfer-run]
def accuracy(model, loader):
    model.eval()
    with torch.no_grad():
        correct = sum((model(inputs.to(device)).argmax(1) == labels.to(device)).sum().item()
                      for inputs, labels in loader)
    return correct / len(loader.dataset)


def transfer_run(method, seed):
    """Train on the 10 labelled images of 5-9; return the model and its test accuracy."""
    torch.manual_seed(seed)
    if method == 'scratch':
        model = SmallCNN(num_classes=5)  # random weights everywhere
        lr = 0.01
    else:
        model = copy.deepcopy(pretrained)  # leave the pretrained network untouched
        if method == 'fixed':
            for param in model.parameters():
                param.requires_grad = False
        lr = 0.1 if method == 'fixed' else 0.01
        model.fc = nn.Linear(model.fc.in_features, 5)  # new head, trainable
    model = model.to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = optim.SGD(params, lr=lr, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)
    model, _ = train_model(model, criterion, optimizer, scheduler, target_loaders, num_epochs=10)
    return model, accuracy(model, target_loaders['test'])
# --8<-- [end:transfer-run]

# --8<-- [start:compare]
results = {}
for method in ['scratch', 'finetune', 'fixed']:
    accs = [transfer_run(method, seed)[1] for seed in range(3)]  # few labels: runs vary
    results[method] = sum(accs) / len(accs)
model_fixed, _ = transfer_run('fixed', seed=0)
# --8<-- [end:compare]

# --8<-- [start:visualize]
def visualize_model(model, loader, class_names, num_images=6):
    was_training = model.training
    model.eval()
    fig, axes = plt.subplots(num_images // 3, 3, figsize=(6, 4))
    axes = axes.flatten()
    shown = 0

    with torch.no_grad():
        for inputs, labels in loader:
            outputs = model(inputs.to(device))
            _, preds = torch.max(outputs, 1)

            for j in range(inputs.size(0)):
                title = f'predicted: {class_names[preds[j]]}\nactual: {class_names[labels[j]]}'
                imshow(inputs[j], axes[shown], title=title)
                shown += 1
                if shown == num_images:
                    model.train(mode=was_training)
                    return fig
    model.train(mode=was_training)
    return fig
# --8<-- [end:visualize]

# --8<-- [start:visualize-fixed]
fig = visualize_model(model_fixed, target_loaders['test'], digit_names)
fig.savefig('figures/predictions.svg', metadata={'Date': None}, bbox_inches='tight')
plt.close(fig)
# --8<-- [end:visualize-fixed]

# --8<-- [start:exercise-1]
trainable = sum(p.numel() for p in model_fixed.parameters() if p.requires_grad)
# --8<-- [end:exercise-1]

# --8<-- [start:exercise-2]
torch.manual_seed(0)
frozen_all = copy.deepcopy(pretrained)
for param in frozen_all.parameters():
    param.requires_grad = False
frozen_all.fc = nn.Linear(84, 5).to(device)
opt_all = optim.SGD(frozen_all.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)  # all of them
conv_before = frozen_all.features[0].weight.clone()
inputs, labels = next(iter(target_loaders['train']))
opt_all.zero_grad()
criterion(frozen_all(inputs.to(device)), labels.to(device)).backward()
opt_all.step()
# --8<-- [end:exercise-2]

# --8<-- [start:exercise-3]
def freeze_bn(model):
    """Put every batch-norm layer in eval mode: it then uses, and keeps, its running statistics."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eval()


model_conv.train()
freeze_bn(model_conv)  # after train(), which would switch them back
mean_before = model_conv.bn1.running_mean.clone()
with torch.no_grad():
    _ = model_conv(torch.randn(2, 3, 64, 64).to(device))
# --8<-- [end:exercise-3]
