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
def train_model(model, criterion, optimizer, scheduler, num_epochs=25):
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

            epoch_loss = running_loss / dataset_sizes[phase]
            epoch_acc = running_corrects / dataset_sizes[phase]
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

# --8<-- [start:visualize]
def visualize_model(model, num_images=6):
    was_training = model.training
    model.eval()
    fig, axes = plt.subplots(num_images // 3, 3, figsize=(6, 5))
    axes = axes.flatten()
    shown = 0

    with torch.no_grad():
        for inputs, labels in dataloaders['val']:
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

# --8<-- [start:finetune]
torch.manual_seed(0)
model_ft = models.resnet18(weights=None)  # random init here; see the text for pretrained weights
num_ftrs = model_ft.fc.in_features
model_ft.fc = nn.Linear(num_ftrs, len(class_names))  # a new head: 2 classes instead of 1000

model_ft = model_ft.to(device)

criterion = nn.CrossEntropyLoss()

# All parameters are being optimized
optimizer_ft = optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)

# Decay LR by a factor of 0.1 every 7 epochs
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)
# --8<-- [end:finetune]

# --8<-- [start:finetune-train]
torch.manual_seed(0)  # same shuffling and augmentation, whatever ran before
model_ft, history_ft = train_model(model_ft, criterion, optimizer_ft, exp_lr_scheduler,
                                   num_epochs=2)
# --8<-- [end:finetune-train]

# --8<-- [start:finetune-show]
fig = visualize_model(model_ft)
fig.savefig('figures/predictions.svg', metadata={'Date': None}, bbox_inches='tight')
plt.close(fig)
# --8<-- [end:finetune-show]

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

# --8<-- [start:frozen-train]
torch.manual_seed(0)
bn_mean_before = model_conv.bn1.running_mean.clone()
model_conv, history_conv = train_model(model_conv, criterion, optimizer_conv,
                                       exp_lr_scheduler, num_epochs=2)
# --8<-- [end:frozen-train]
