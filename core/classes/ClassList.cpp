#include "ClassList.h"

#include "common/Embedded.h"
#include "common/FileUtil.h"
#include "common/TextUtil.h"
#include "wordnet/WordNet.h"

#include <map>
#include <set>

namespace synset::classlists {

namespace {

struct FashionClass
{
    const char *wnid;
    const char *name;
};

// Fashion-MNIST's labels in label order, each as the WordNet synset it depicts.
constexpr FashionClass kFashionMnist[] = {
    {"n03595614", "T-shirt/top"}, {"n04489008", "Trouser"}, {"n04021028", "Pullover"},
    {"n03236735", "Dress"},       {"n03057021", "Coat"},    {"n04133789", "Sandal"},
    {"n04197391", "Shirt"},       {"n03472535", "Sneaker"}, {"n02773037", "Bag"},
    {"n02872752", "Ankle boot"}};

std::map<std::string, std::string> clipNames()
{
    std::map<std::string, std::string> names;
    for (std::string_view line :
         text::lines(embeddedResource("classlists/imagenet1k_clip_names.tsv"))) {
        if (line.empty() || line.front() == '#')
            continue;
        const auto tab = line.find('\t');
        if (tab != std::string_view::npos)
            names.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    return names;
}

Result<ClassList> fromEmbedded(std::string_view id, std::string_view resource,
                               const WordNet &wordnet)
{
    Result<ClassList> list = fromText(embeddedResource(resource), id, wordnet);
    if (!list)
        return list;
    const std::map<std::string, std::string> names = clipNames();
    for (ClassEntry &c : list->classes)
        if (const auto it = names.find(c.wnid); it != names.end())
            c.name = it->second;
    list->source = std::string(id);
    return list;
}

} // namespace

const std::vector<BuiltinInfo> &builtins()
{
    static const std::vector<BuiltinInfo> list = {
        {"fashion-mnist", "Fashion-MNIST: 10 clothing classes"},
        {"imagenet1k", "ImageNet-1K (ILSVRC-2012): 1000 classes"},
        {"imagenet100", "ImageNet-100 (the CMC subset): 100 classes"},
    };
    return list;
}

Result<ClassList> load(std::string_view spec, const WordNet &wordnet)
{
    if (spec == "fashion-mnist") {
        ClassList list{"fashion-mnist", {}};
        for (const FashionClass &c : kFashionMnist) {
            if (!wordnet.contains(c.wnid))
                return makeError(std::string("Fashion-MNIST class ") + c.wnid +
                                 " is missing from WordNet at " + wordnet.directory().string());
            list.classes.push_back({c.wnid, c.name});
        }
        return list;
    }
    if (spec == "imagenet1k")
        return fromEmbedded(spec, "classlists/imagenet1k_wnids.txt", wordnet);
    if (spec == "imagenet100")
        return fromEmbedded(spec, "classlists/imagenet100_wnids.txt", wordnet);
    return fromFile(std::filesystem::path(spec), wordnet);
}

Result<ClassList> fromFile(const std::filesystem::path &path, const WordNet &wordnet)
{
    Result<std::string> body = files::readText(path);
    if (!body)
        return makeError(body.error());
    return fromText(*body, path.string(), wordnet);
}

Result<ClassList> fromText(std::string_view body, std::string_view origin, const WordNet &wordnet)
{
    ClassList list{std::string(origin), {}};
    std::set<std::string> seen;
    size_t lineNo = 0;
    for (std::string_view raw : text::lines(body)) {
        ++lineNo;
        const std::string line = text::stripComment(raw);
        if (line.empty())
            continue;
        const size_t space = line.find_first_of(" \t");
        const std::string wnid = line.substr(0, space);
        std::string name = space == std::string::npos
                               ? std::string()
                               : std::string(text::trim(std::string_view(line).substr(space)));
        const std::string where = std::string(origin) + ":" + std::to_string(lineNo) + ": ";
        if (!WordNet::isWellFormedWnid(wnid))
            return makeError(where + "'" + wnid +
                             "' is not a wnid (expected n followed by 8 digits)");
        if (!wordnet.contains(wnid))
            return makeError(where + "unknown wnid '" + wnid + "': not a WordNet 3.0 noun synset");
        if (!seen.insert(wnid).second)
            return makeError(where + "wnid '" + wnid + "' is listed twice");
        if (name.empty())
            name = wordnet.firstLemma(wnid);
        list.classes.push_back({wnid, std::move(name)});
    }
    if (list.classes.empty())
        return makeError(std::string(origin) + ": no wnids in the file");
    return list;
}

} // namespace synset::classlists
