// The synset-cli command groups; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace synset::cli {

int runProject(const std::vector<std::string> &args);
int runImport(const std::vector<std::string> &args);
int runSynsets(const std::vector<std::string> &args);
int runPrompts(const std::vector<std::string> &args);
int runTrainGenerator(const std::vector<std::string> &args);
int runModel(const std::vector<std::string> &args);
int runGenerate(const std::vector<std::string> &args);
int runEvaluateGenerator(const std::vector<std::string> &args);
int runTrain(const std::vector<std::string> &args);
int runEval(const std::vector<std::string> &args);
int runExperiment(const std::vector<std::string> &args);
int runScore(const std::vector<std::string> &args);
int runFilter(const std::vector<std::string> &args);
int runReview(const std::vector<std::string> &args);
int runExport(const std::vector<std::string> &args);
int runRobustness(const std::vector<std::string> &args);
int runChart(const std::vector<std::string> &args);
int runSdGenerate(const std::vector<std::string> &args);
int runSd(const std::vector<std::string> &args);
int runPlan(const std::vector<std::string> &args);
int runSlurm(const std::vector<std::string> &args);

} // namespace synset::cli
