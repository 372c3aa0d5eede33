// The robustness_metrics table's owner: a run's stored figures, read and replaced by suite.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace synset {

class Project;

// Replaces, in one transaction, every figure under each prefix ("clean", "corruption",
// "probe/real": the key itself and the keys below it) with the given figures.
Result<void> replaceRobustnessMetrics(Project &project, int64_t runId,
                                      const std::vector<std::string> &prefixes,
                                      const std::map<std::string, double> &metrics);

// The run's stored figures (empty when none or when the project cannot be read).
std::map<std::string, double> storedRobustnessMetrics(Project &project, int64_t runId);

} // namespace synset
