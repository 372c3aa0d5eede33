#!/usr/bin/env python3
"""The SD 1.5 UNet written in plain eager PyTorch, module for module as diffusers builds it
(UNet2DConditionModel: resnets, Transformer2DModel blocks with self- and cross-attention through
F.scaled_dot_product_attention, GEGLU, conv proj_in/proj_out), with random weights: the per-step
baseline of a Python pipeline on the same GPU, for bench_sd to be compared with. diffusers itself
cannot be installed on the GPU machines (no package index there), so this is its stand-in.

    python3 bench/sd15_eager.py [--batches 1,4,8] [--channels-last] [--fp32] [--steps 20]

One step = one UNet pass over the doubled batch (CFG) + the guidance combination + an Euler
update, as the pipelines do it.
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Resnet(nn.Module):
    def __init__(self, cin, cout, temb=1280):
        super().__init__()
        self.norm1 = nn.GroupNorm(32, cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(32, cout, eps=1e-5)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (self.shortcut(x) if self.shortcut is not None else x) + h


class Attention(nn.Module):
    def __init__(self, dim, ctx_dim, heads):
        super().__init__()
        self.heads = heads
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(ctx_dim, dim, bias=False)
        self.to_v = nn.Linear(ctx_dim, dim, bias=False)
        self.to_out = nn.Linear(dim, dim)

    def forward(self, x, ctx=None):
        ctx = x if ctx is None else ctx
        b, n, d = x.shape
        split = lambda t: t.view(b, -1, self.heads, d // self.heads).transpose(1, 2)
        q, k, v = split(self.to_q(x)), split(self.to_k(ctx)), split(self.to_v(ctx))
        o = F.scaled_dot_product_attention(q, k, v)
        return self.to_out(o.transpose(1, 2).reshape(b, n, d))


class Transformer(nn.Module):
    def __init__(self, c, ctx_dim=768, heads=8):
        super().__init__()
        self.norm = nn.GroupNorm(32, c, eps=1e-6)
        self.proj_in = nn.Conv2d(c, c, 1)
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(c), nn.LayerNorm(c), nn.LayerNorm(c)
        self.attn1 = Attention(c, c, heads)
        self.attn2 = Attention(c, ctx_dim, heads)
        self.geglu = nn.Linear(c, 8 * c)
        self.ff_out = nn.Linear(4 * c, c)
        self.proj_out = nn.Conv2d(c, c, 1)

    def forward(self, x, ctx):
        b, c, h, w = x.shape
        t = self.proj_in(self.norm(x))
        t = t.permute(0, 2, 3, 1).reshape(b, h * w, c)
        t = t + self.attn1(self.norm1(t))
        t = t + self.attn2(self.norm2(t), ctx)
        a, gate = self.geglu(self.norm3(t)).chunk(2, dim=-1)
        t = t + self.ff_out(a * F.gelu(gate))
        t = t.reshape(b, h, w, c).permute(0, 3, 1, 2)
        return x + self.proj_out(t)


class UNet(nn.Module):
    def __init__(self, widths=(320, 640, 1280, 1280), attn=(True, True, True, False), layers=2):
        super().__init__()
        self.time1, self.time2 = nn.Linear(320, 1280), nn.Linear(1280, 1280)
        self.conv_in = nn.Conv2d(4, 320, 3, padding=1)
        skips, c = [320], 320
        self.down = nn.ModuleList()
        for i, (w, a) in enumerate(zip(widths, attn)):
            block = nn.ModuleList()
            for _ in range(layers):
                block.append(nn.ModuleList([Resnet(c, w)] + ([Transformer(w)] if a else [])))
                c = w
                skips.append(c)
            if i < len(widths) - 1:
                block.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
                skips.append(c)
            self.down.append(block)
        self.mid = nn.ModuleList([Resnet(c, c), Transformer(c), Resnet(c, c)])
        self.up = nn.ModuleList()
        for i, (w, a) in enumerate(zip(reversed(widths), reversed(attn))):
            block = nn.ModuleList()
            for _ in range(layers + 1):
                block.append(nn.ModuleList([Resnet(c + skips.pop(), w)] + ([Transformer(w)] if a else [])))
                c = w
            if i < len(widths) - 1:
                block.append(nn.Conv2d(c, c, 3, padding=1))
            self.up.append(block)
        self.norm_out = nn.GroupNorm(32, c, eps=1e-5)
        self.conv_out = nn.Conv2d(c, 4, 3, padding=1)

    def forward(self, x, t, ctx):
        half = 160
        freqs = torch.exp(-math.log(10000) * torch.arange(half, device=x.device) / half)
        args = t[:, None].float() * freqs[None]
        temb = torch.cat([torch.cos(args), torch.sin(args)], dim=-1).to(x.dtype)
        temb = self.time2(F.silu(self.time1(temb)))
        h = self.conv_in(x)
        skips = [h]
        for block in self.down:
            for layer in block:
                if isinstance(layer, nn.Conv2d):
                    h = layer(h)
                else:
                    h = layer[0](h, temb)
                    if len(layer) > 1:
                        h = layer[1](h, ctx)
                skips.append(h)
        h = self.mid[2](self.mid[1](self.mid[0](h, temb), ctx), temb)
        for block in self.up:
            for layer in block:
                if isinstance(layer, nn.Conv2d):
                    h = layer(F.interpolate(h, scale_factor=2.0, mode="nearest"))
                else:
                    h = layer[0](torch.cat([h, skips.pop()], dim=1), temb)
                    if len(layer) > 1:
                        h = layer[1](h, ctx)
        return self.conv_out(F.silu(self.norm_out(h)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batches", default="1,4,8")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--fp32", action="store_true")
    args = p.parse_args()
    dtype = torch.float32 if args.fp32 else torch.float16
    torch.manual_seed(0)
    unet = UNet().to("cuda", dtype).eval()
    if args.channels_last:
        unet = unet.to(memory_format=torch.channels_last)
    params = sum(p.numel() for p in unet.parameters())
    print(f"eager PyTorch {torch.__version__} SD 1.5 UNet, {params / 1e6:.0f} M parameters, "
          f"{str(dtype).replace('torch.', '')}{', channels-last' if args.channels_last else ''}, "
          f"{torch.cuda.get_device_name()}")
    for batch in [int(b) for b in args.batches.split(",")]:
        lat = args.size // 8
        x = torch.randn(batch, 4, lat, lat, device="cuda", dtype=dtype)
        if args.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        ctx = torch.randn(2 * batch, 77, 768, device="cuda", dtype=dtype)
        sigma = 1.0

        def step(x, t):
            eps = unet(torch.cat([x, x]), torch.full((2 * batch,), t, device="cuda"), ctx)
            u, c = eps.chunk(2)
            return x + (u + 7.5 * (c - u)) * (-0.05 * sigma)

        with torch.inference_mode():
            for i in range(3):
                x = step(x, 999 - i)
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            t0 = time.perf_counter()
            for i in range(args.steps):
                x = step(x, 900 - i)
            torch.cuda.synchronize()
            s = (time.perf_counter() - t0) / args.steps
        print(f"batch {batch} with CFG: {s:.4f} s per step ({1 / s:.2f} steps/s), "
              f"peak GPU memory {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
