#include "CliArgs.h"
#include "Commands.h"

#include "common/FileUtil.h"
#include "common/Numbers.h"
#include "common/TextUtil.h"
#include "project/Project.h"
#include "prompts/PromptContext.h"
#include "prompts/PromptTemplate.h"
#include "wordnet/WordNet.h"

#include <iostream>

namespace synset::cli {

namespace {

bool parseNumber(const std::string &s, uint64_t &out)
{
    const std::optional<uint64_t> v = numbers::parseUnsigned(s);
    out = v.value_or(0);
    return v.has_value();
}

int promptsRender(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "synset", "template", "text", "count", "seed"}, {"combinations"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("synset") || !args.positional().empty())
        return fail("usage: prompts render --project P --synset WNID [--template NAME|--text T] "
                    "[--count N] [--seed S]",
                    2);
    uint64_t count = 0, seed = 0;
    if (!parseNumber(args.value("count", "10"), count))
        return fail("--count must be a non-negative number", 2);
    if (!parseNumber(args.value("seed", "0"), seed))
        return fail("--seed must be a non-negative number", 2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());
    const std::string wnid = *args.value("synset");
    const ProjectClass *cls = (*project)->classByWnid(wnid);
    if (!cls)
        return fail("'" + wnid + "' is not a class of project " + (*project)->name());

    // --template: a built-in name, "project" (the project-wide template) or "effective" (the
    // synset's override if any, else the project template; the default).
    std::string body;
    const std::string which = args.value("template", "effective");
    if (args.value("text"))
        body = *args.value("text");
    else if (which == "effective")
        body = (*project)->effectiveTemplate(wnid);
    else if (which == "project")
        body = (*project)->projectTemplate();
    else if (const BuiltinTemplate *b = PromptTemplate::builtin(which))
        body = b->body;
    else
        return fail("unknown template '" + which +
                        "' (built-in names: see 'synset-cli prompts templates')",
                    2);

    Result<PromptTemplate> tmpl = PromptTemplate::parse(body);
    if (!tmpl)
        return fail("template: " + tmpl.error());
    Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
    if (!wordnet)
        return fail(wordnet.error());
    const PromptContext ctx =
        makePromptContext(**wordnet, wnid, cls->name, (*project)->wordLists());
    for (const std::string &missing : tmpl->missingLists(ctx))
        std::cerr << "warning: no word list '" << missing << "' in this project\n";
    if (args.flag("combinations"))
        std::cerr << tmpl->combinations(ctx) << " distinct combinations\n";
    for (const std::string &p : tmpl->renderMany(ctx, seed, count))
        std::cout << p << '\n';
    return 0;
}

// Sets the project template (no --synset) or a synset's override; --clear removes the override.
int promptsSet(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "synset", "text"}, {"clear"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || (!args.value("text") && !args.flag("clear")) ||
        !args.positional().empty())
        return fail("usage: prompts set --project P [--synset WNID] (--text TEMPLATE | --clear)",
                    2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());
    Result<void> r;
    if (!args.value("synset")) {
        if (args.flag("clear"))
            return fail("--clear needs --synset (the project template cannot be removed)", 2);
        r = (*project)->setProjectTemplate(*args.value("text"));
    } else {
        r = (*project)->setPromptOverride(*args.value("synset"),
                                          args.flag("clear") ? std::nullopt : args.value("text"));
    }
    if (!r)
        return fail(r.error());
    return 0;
}

int promptsLists(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "name"}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.positional().empty())
        return fail("usage: prompts lists --project P [--name LIST]", 2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());
    const WordLists lists = (*project)->wordLists();
    if (const std::optional<std::string> name = args.value("name")) {
        const auto it = lists.find(*name);
        if (it == lists.end())
            return fail("no word list named '" + *name + "' in project " + (*project)->name());
        for (const std::string &item : it->second)
            std::cout << item << '\n';
        return 0;
    }
    for (const auto &[name, items] : lists)
        std::cout << name << '\t' << items.size() << " items\n";
    return 0;
}

// Replaces a project word list with the lines of a file, or drops the project's copy.
int promptsSetList(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "name", "file"}, {"reset"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name") ||
        (!args.value("file") && !args.flag("reset")))
        return fail("usage: prompts set-list --project P --name LIST (--file F | --reset)", 2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());
    if (args.flag("reset")) {
        if (Result<void> r = (*project)->resetWordList(*args.value("name")); !r)
            return fail(r.error());
        return 0;
    }
    Result<std::string> body = files::readText(*args.value("file"));
    if (!body)
        return fail(body.error());
    const std::vector<std::string> items = text::listItems(*body, true);
    if (items.empty())
        return fail(*args.value("file") + ": no items (one a line, '#' starts a comment)");
    if (Result<void> r = (*project)->setWordList(*args.value("name"), items); !r)
        return fail(r.error());
    std::cout << "word list '" << *args.value("name") << "': " << items.size() << " items\n";
    return 0;
}

int promptsTemplates()
{
    for (const BuiltinTemplate &t : PromptTemplate::builtins())
        std::cout << t.name << "\t" << t.description << "\n    "
                  << (t.body.size() > 100 ? t.body.substr(0, 97) + "..." : t.body) << '\n';
    return 0;
}

} // namespace

int runPrompts(const std::vector<std::string> &args)
{
    if (args.empty())
        return fail("usage: prompts render|set|lists|set-list|templates ...", 2);
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "render")
        return promptsRender(rest);
    if (args[0] == "templates")
        return promptsTemplates();
    if (args[0] == "set")
        return promptsSet(rest);
    if (args[0] == "lists")
        return promptsLists(rest);
    if (args[0] == "set-list")
        return promptsSetList(rest);
    return fail("unknown prompts command '" + args[0] + "'", 2);
}

} // namespace synset::cli
