// Foundation figures: WordNet open and lookups, prompt expansion, default-project creation.
// Prints numbers; asserts nothing (speed targets live here, never in tests).
#include "classes/ClassList.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "prompts/PromptContext.h"
#include "prompts/PromptTemplate.h"
#include "wordnet/WordNet.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

using namespace synset;
using Clock = std::chrono::steady_clock;

namespace {
double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}
} // namespace

int main()
{
    auto t0 = Clock::now();
    Result<std::shared_ptr<const WordNet>> wn = WordNet::open(WordNet::defaultDirectory());
    if (!wn) {
        std::fprintf(stderr, "%s\n", wn.error().c_str());
        return 1;
    }
    std::printf("wordnet open (data.noun + index.noun)      %8.1f ms\n", msSince(t0));

    Result<ClassList> in1k = classlists::load("imagenet1k", **wn);
    t0 = Clock::now();
    size_t lemmas = 0;
    for (const ClassEntry &c : in1k->classes)
        lemmas += (*wn)->synset(c.wnid)->lemmas.size();
    std::printf("1000 ImageNet synsets looked up            %8.2f ms (%zu lemmas)\n", msSince(t0),
                lemmas);

    t0 = Clock::now();
    size_t depth = 0;
    for (const ClassEntry &c : in1k->classes)
        depth += (*wn)->hypernymPath(c.wnid).size();
    std::printf("1000 hypernym paths to entity              %8.2f ms (mean depth %.1f)\n",
                msSince(t0), depth / 1000.0);

    t0 = Clock::now();
    size_t senses = 0;
    for (const ClassEntry &c : in1k->classes)
        senses += (*wn)->synsetsForLemma(c.name).size();
    std::printf("1000 lemma -> synsets lookups              %8.2f ms (%zu senses)\n", msSince(t0),
                senses);

    const PromptContext ctx =
        makePromptContext(**wn, "n03126707", "construction crane", builtinWordLists());
    Result<PromptTemplate> clip = PromptTemplate::parse(PromptTemplate::builtin("clip")->body);
    Result<PromptTemplate> bg =
        PromptTemplate::parse(PromptTemplate::builtin("name-hypernym-background")->body);
    t0 = Clock::now();
    size_t chars = 0;
    for (uint64_t i = 0; i < 100000; ++i)
        chars += clip->render(ctx, 1, i).size() + bg->render(ctx, 1, i).size();
    const double ms = msSince(t0);
    std::printf("200k prompts expanded                      %8.1f ms (%.2f M prompts/s)\n", ms,
                200.0 / ms * 1000 / 1000);

    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("synset-bench-" + std::to_string(::getpid()));
    t0 = Clock::now();
    Result<std::unique_ptr<Project>> project = openOrCreateDefaultProject(dir);
    if (!project) {
        std::fprintf(stderr, "%s\n", project.error().c_str());
        return 1;
    }
    std::printf("default project created (70k images)      %8.1f ms\n", msSince(t0));
    t0 = Clock::now();
    project->reset();
    project = openOrCreateDefaultProject(dir);
    std::printf("default project reopened                  %8.1f ms\n", msSince(t0));
    std::filesystem::remove_all(dir);
    (void)chars;
    return 0;
}
