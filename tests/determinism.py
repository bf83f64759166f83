"""Process-wide state every page starts from, so two runs print the same.

Print options, RNG state and a few torch switches are global to the process: without a reset
one page's settings would leak into the next.
"""

import random
import sys

import numpy
import torch

SEED = 0
PRINT_OPTIONS = dict(precision=4, linewidth=80, sci_mode=None)


def reset_process_state() -> None:
    random.seed(SEED)
    numpy.random.seed(SEED)
    torch.manual_seed(SEED)  # seeds every CUDA device too
    # one thread: float reductions then add up in the same order on every machine, so the
    # last digits (and figures drawn from them) match; it also avoids oversubscribing 2 cores
    torch.set_num_threads(1)
    torch.set_printoptions(profile="default")
    torch.set_printoptions(**PRINT_OPTIONS)
    numpy.set_printoptions(precision=4, linewidth=80, suppress=False)
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)
    torch.use_deterministic_algorithms(False)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = False
    if "matplotlib" in sys.modules:  # only pages that plot pay for importing it
        reset_matplotlib()


def reset_matplotlib() -> None:
    """Back to tests/matplotlibrc (Agg, salted SVG ids), which conftest points MATPLOTLIBRC at."""
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    matplotlib.rc_file_defaults()
