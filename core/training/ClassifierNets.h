// The classifier networks (a small CNN, ResNet-18/50 with a small-image stem) and their weights in
// a tensor file. Internal to the tensor library.
#pragma once

#include "common/Json.h"
#include "common/Result.h"

#include <torch/nn/module.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace synset::classifier {

// What a network is: the model, its width, and the images and classes it takes.
struct Spec
{
    std::string model = "cnn";
    int width = 32, channels = 1, height = 28, imageWidth = 28, classes = 10;
    // What the input is standardised with: unit ([-1, 1]) or imagenet (ImageNet's channel mean
    // and deviation, for streamed ImageNet-sized images).
    std::string input = "unit";
    bool imagenetInput() const { return input == "imagenet"; }

    Json toJson() const
    {
        Json j;
        j["model"] = model;
        j["width"] = width;
        j["channels"] = channels;
        j["height"] = height;
        j["image_width"] = imageWidth;
        j["classes"] = classes;
        if (input != "unit")
            j["input"] = input; // older files have none
        return j;
    }
    static Spec fromJson(const Json &j)
    {
        Spec s;
        s.model = json::string(j, "model", "cnn");
        s.width = json::int32(j, "width", 32);
        s.channels = json::int32(j, "channels", 1);
        s.height = json::int32(j, "height", 28);
        s.imageWidth = json::int32(j, "image_width", 28);
        s.classes = json::int32(j, "classes", 10);
        s.input = json::string(j, "input", "unit");
        return s;
    }
    // Sizes a network can be built for (a file can say anything).
    bool plausible() const
    {
        return width >= 1 && width <= 4096 && channels >= 1 && channels <= 16 && height >= 4 &&
               height <= 4096 && imageWidth >= 4 && imageWidth <= 4096 && classes >= 1 &&
               classes <= 1'000'000 && (input == "unit" || input == "imagenet");
    }
    bool smallImages() const { return std::min(height, imageWidth) <= 64; }
};

class NetBase : public torch::nn::Module
{
public:
    // The penultimate layer: globally pooled features, N*D.
    virtual torch::Tensor features(const torch::Tensor &x) = 0;
    virtual torch::Tensor logits(const torch::Tensor &features) = 0;
    torch::Tensor forward(const torch::Tensor &x) { return logits(features(x)); }
};

std::shared_ptr<NetBase> makeNet(const Spec &s);
int defaultWidth(const std::string &model);
// Parameters and buffers as "model.<name>" tensors, and back (missing or misshapen tensors are
// errors naming the file).
void appendState(const torch::nn::Module &net,
                 std::vector<std::pair<std::string, torch::Tensor>> &out);
Result<void> loadState(torch::nn::Module &net, const std::map<std::string, torch::Tensor> &tensors,
                       const std::filesystem::path &path);

} // namespace synset::classifier
