// The experiments table's owner: each experiment's plan, as JSON, under its name.
#pragma once

#include "common/Result.h"

#include <optional>
#include <string>
#include <vector>

namespace synset {

class Project;

Result<void> insertExperiment(Project &project, const std::string &name, const std::string &plan);
// The stored plan's JSON; nullopt when the project has no experiment of that name.
Result<std::optional<std::string>> storedExperimentPlan(Project &project, const std::string &name);
std::vector<std::string> storedExperimentNames(Project &project); // in the order they were made

} // namespace synset
