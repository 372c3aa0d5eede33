// The built-in default project: Fashion-MNIST's 10 classes as WordNet synsets, with the real
// images imported from the dataset-fashion-mnist package.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <filesystem>
#include <memory>

namespace synset {

class Project;

// $SYNSET_FASHION_MNIST_DIR when set, else /usr/share/datasets/fashion-mnist.
std::filesystem::path fashionMnistDirectory();

// Opens the project at dir, creating it on first use; a project whose import was interrupted
// gets the missing files imported again. Errors name what is missing and how to install it.
Result<std::unique_ptr<Project>> openOrCreateDefaultProject(const std::filesystem::path &dir,
                                                            const ProgressFn &progress = {},
                                                            const CancelToken *cancel = nullptr);

} // namespace synset
