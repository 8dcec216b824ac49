# MNIST 분류 모델을 GPU 노드에서 학습하는 파이프라인
from functools import partial

import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func

# 파이토치 이미지를 기본 이미지로 사용한다
torch_component = partial(
    create_component_from_func,
    base_image="pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime",
    packages_to_install=["torchvision==0.11.1"],
)


@torch_component
def download_mnist(data_dir: OutputPath()):
    from torchvision import datasets

    datasets.MNIST(data_dir, train=True, download=True)
    datasets.MNIST(data_dir, train=False, download=True)


@torch_component
def train_mnist(data_dir: InputPath(), model_path: OutputPath("PyTorchModel"), epochs: int = 3, lr: float = 0.01):
    import torch
    import torch.nn as nn
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    device = "cuda" if torch.cuda.is_available() else "cpu"
    print("device:", device)
    train_set = datasets.MNIST(data_dir, train=True, transform=transforms.ToTensor())
    loader = DataLoader(train_set, batch_size=128, shuffle=True)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch in range(epochs):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.4f}")
    torch.save(model.state_dict(), model_path)


@torch_component
def evaluate_mnist(data_dir: InputPath(), model_path: InputPath("PyTorchModel")) -> float:
    import torch
    import torch.nn as nn
    from torchvision import datasets, transforms

    test_set = datasets.MNIST(data_dir, train=False, transform=transforms.ToTensor())
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    model.load_state_dict(torch.load(model_path, map_location="cpu"))
    correct = sum(int(model(x.unsqueeze(0)).argmax() == y) for x, y in test_set)
    return correct / len(test_set)


@dsl.pipeline(name="mnist-gpu", description="GPU 를 사용하는 MNIST 학습 파이프라인")
def mnist_pipeline(epochs: int = 3, lr: float = 0.01):
    data = download_mnist()
    train = train_mnist(data.output, epochs=epochs, lr=lr)
    # GPU 1장과 메모리 제한
    train.set_gpu_limit(1)
    train.set_memory_limit("8G")
    train.set_cpu_limit("4")
    evaluate_mnist(data.output, train.outputs["model"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(mnist_pipeline, "mnist_gpu.yaml")
