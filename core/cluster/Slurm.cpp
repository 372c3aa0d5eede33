#include "Slurm.h"

#include "common/FileUtil.h"
#include "generation/GenerationPlan.h"

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <sstream>

extern char **environ;

namespace fs = std::filesystem;

namespace synset::slurm {

namespace {

// One word for the shell, whatever it holds.
std::string quote(const std::string &s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool plainValue(const std::string &v)
{
    return std::all_of(v.begin(), v.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_.:,=+-/@%", c);
    });
}

// The #SBATCH lines every script of a job shares: where it runs and for how long.
std::string placementLines(const JobOptions &o, bool withGres)
{
    std::string s;
    const auto line = [&](const char *name, const std::string &value) {
        if (!value.empty())
            s += std::string("#SBATCH --") + name + "=" + value + "\n";
    };
    line("partition", o.partition);
    line("account", o.account);
    line("qos", o.qos);
    line("time", o.time);
    line("mem", o.mem);
    if (withGres)
        line("gres", o.gres);
    if (o.cpusPerTask > 0)
        line("cpus-per-task", std::to_string(o.cpusPerTask));
    return s;
}

Result<void> writeScript(const fs::path &path, const std::string &text)
{
    if (Result<void> r = files::writeAtomically(path, text); !r)
        return r;
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, ec);
    return {};
}

std::string arrayScript(const fs::path &projectDir, const FrozenPlan &plan, const JobOptions &o,
                        const fs::path &logs)
{
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# Synset Studio, generation plan " << plan.name << ": one task a shard, shard = "
      << "SLURM_ARRAY_TASK_ID + the\n"
      << "# offset given as this script's argument. 120 s before the time limit Slurm sends "
      << "USR1: the shard\n"
      << "# finishes the batch under way, writes it and stops with status 75, and the task is "
      << "requeued to go\n"
      << "# on where it stopped.\n"
      << "#SBATCH --job-name=synset-" << plan.name << "\n"
      << "#SBATCH --requeue\n"
      << "#SBATCH --signal=B:USR1@120\n"
      << "#SBATCH --open-mode=append\n"
      << "#SBATCH --output=" << (logs / "%A_%a.out").string() << "\n"
      << placementLines(o, true) << "offset=${1:-0}\n"
      << quote(o.cli.string()) << " plan run --project " << quote(projectDir.string()) << " --name "
      << quote(plan.name) << " --array-offset \"$offset\" &\n"
      << "child=$!\n"
      << "trap 'kill -USR1 \"$child\" 2>/dev/null' USR1\n"
      << "trap 'kill -TERM \"$child\" 2>/dev/null' TERM\n"
      << "while :; do\n"
      << "    wait \"$child\"; status=$?\n"
      << "    # wait also returns for a trapped signal: then the shard is still at work.\n"
      << "    kill -0 \"$child\" 2>/dev/null || break\n"
      << "done\n"
      << "if [ \"$status\" -eq 75 ]; then\n"
      << "    scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n"
      << "fi\n"
      << "exit \"$status\"\n";
    return s.str();
}

std::string mergeScript(const fs::path &projectDir, const FrozenPlan &plan, const JobOptions &o,
                        const fs::path &logs)
{
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# Synset Studio, generation plan " << plan.name
      << ": folds the finished shards into the project.\n"
      << "#SBATCH --job-name=synset-" << plan.name << "-merge\n"
      << "#SBATCH --output=" << (logs / "merge-%j.out").string() << "\n"
      << placementLines(o, false) << "exec " << quote(o.cli.string()) << " plan merge --project "
      << quote(projectDir.string()) << " --name " << quote(plan.name) << "\n";
    return s.str();
}

// The shards as arrays of at most maxArraySize tasks: each array's offset and its --array list.
std::vector<std::pair<int, std::string>> cutIntoArrays(const std::vector<int> &shards,
                                                       const JobOptions &o)
{
    std::vector<std::pair<int, std::string>> arrays;
    const int size = std::max(1, o.maxArraySize);
    for (size_t i = 0; i < shards.size();) {
        const int offset = shards[i] / size * size;
        std::vector<int> indices;
        for (; i < shards.size() && shards[i] < offset + size; ++i)
            indices.push_back(shards[i] - offset);
        std::string list = arrayRanges(indices);
        if (o.maxParallel > 0)
            list += "%" + std::to_string(o.maxParallel);
        arrays.emplace_back(offset, list);
    }
    return arrays;
}

std::string submitScript(const FrozenPlan &plan,
                         const std::vector<std::pair<int, std::string>> &arrays)
{
    std::ostringstream s;
    s << "#!/bin/sh\n"
      << "# Submits generation plan " << plan.name
      << ": its array tasks, then the merge once every task has ended well.\n"
      << "set -eu\n"
      << "cd \"$(dirname \"$0\")\"\n"
      << "deps=\"\"\n";
    for (const auto &[offset, list] : arrays)
        s << "job=$(sbatch --parsable --array=" << list << " generate.sbatch " << offset
          << ")\njob=${job%%;*}\ndeps=\"$deps:$job\"\necho \"array $job: --array=" << list
          << " offset " << offset << "\"\n";
    s << "merge=$(sbatch --parsable --dependency=afterok$deps merge.sbatch)\n"
      << "echo \"merge ${merge%%;*}: after$deps\"\n";
    return s.str();
}

} // namespace

Result<void> checkJobOptions(const JobOptions &o)
{
    for (const std::string *v : {&o.partition, &o.account, &o.time, &o.gres, &o.mem, &o.qos})
        if (!plainValue(*v))
            return makeError("'" + *v +
                             "' is not a Slurm option value (letters, digits and "
                             "_.:,=+-/@% only)");
    if (o.cli.empty() || !o.cli.is_absolute())
        return makeError("the scripts need the absolute path of synset-cli on the cluster");
    return {};
}

Result<PlanScripts> writePlanScripts(const fs::path &projectDir, const FrozenPlan &plan,
                                     const JobOptions &options, const std::vector<int> &only)
{
    if (Result<void> r = checkJobOptions(options); !r)
        return makeError(r.error());
    std::vector<int> shards = only;
    if (shards.empty())
        for (int k = 0; k < plan.shards; ++k)
            shards.push_back(k);
    std::sort(shards.begin(), shards.end());
    shards.erase(std::unique(shards.begin(), shards.end()), shards.end());
    if (shards.front() < 0 || shards.back() >= plan.shards)
        return makeError("plan " + plan.name + " has shards 0 to " +
                         std::to_string(plan.shards - 1));
    const fs::path absProject = fs::absolute(projectDir);
    PlanScripts out;
    out.folder = planDirectory(absProject, plan.name) / "slurm";
    const fs::path logs = planDirectory(absProject, plan.name) / "logs";
    std::error_code ec;
    fs::create_directories(out.folder, ec);
    fs::create_directories(logs, ec);
    if (ec)
        return makeError(out.folder.string() + ": cannot be created (" + ec.message() + ")");
    const auto arrays = cutIntoArrays(shards, options);
    out.arrayScript = out.folder / "generate.sbatch";
    out.mergeScript = out.folder / "merge.sbatch";
    out.submitScript = out.folder / "submit.sh";
    for (const auto &[path, text] :
         {std::pair{out.arrayScript, arrayScript(absProject, plan, options, logs)},
          std::pair{out.mergeScript, mergeScript(absProject, plan, options, logs)},
          std::pair{out.submitScript, submitScript(plan, arrays)}})
        if (Result<void> r = writeScript(path, text); !r)
            return makeError(r.error());
    for (const auto &[offset, list] : arrays)
        out.arrays.push_back("--array=" + list + " (offset " + std::to_string(offset) + ")");
    out.tasks = int(shards.size());
    return out;
}

Result<fs::path> writeTrainScript(const fs::path &projectDir, const std::string &runName, int nodes,
                                  int gpusPerNode, const std::string &backend,
                                  const JobOptions &options)
{
    if (Result<void> r = checkJobOptions(options); !r)
        return makeError(r.error());
    if (nodes < 1 || gpusPerNode < 0)
        return makeError("a training job needs at least one node");
    const fs::path absProject = fs::absolute(projectDir);
    const fs::path dir = absProject / "runs" / runName;
    std::error_code ec;
    fs::create_directories(dir, ec);
    JobOptions o = options;
    if (o.gres.empty() && gpusPerNode > 0)
        o.gres = "gpu:" + std::to_string(gpusPerNode);
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# Synset Studio, training run " << runName << ": " << nodes << " node(s) x "
      << std::max(1, gpusPerNode) << " rank(s), " << backend << ", data parallel.\n"
      << "# Requeued after a failure or preemption, it resumes from the run's last checkpoint.\n"
      << "#SBATCH --job-name=synset-train-" << runName << "\n"
      << "#SBATCH --nodes=" << nodes << "\n"
      << "#SBATCH --ntasks-per-node=" << std::max(1, gpusPerNode) << "\n"
      << "#SBATCH --requeue\n"
      << "#SBATCH --open-mode=append\n"
      << "#SBATCH --output=" << (dir / "slurm-%j.out").string() << "\n"
      << placementLines(o, true)
      << "# The ranks meet on the first node of the job, at a port of this job's own.\n"
      << "export MASTER_PORT=${MASTER_PORT:-$((20000 + SLURM_JOB_ID % 20000))}\n"
      << "srun --kill-on-bad-exit=1 " << quote(o.cli.string()) << " train --project "
      << quote(absProject.string()) << " --resume " << quote(runName) << " --distributed "
      << backend << "\n";
    const fs::path path = dir / "train.sbatch";
    if (Result<void> r = writeScript(path, s.str()); !r)
        return makeError(r.error());
    return path;
}

std::vector<std::string> expandHostList(std::string_view list)
{
    std::vector<std::string> hosts;
    // Split at the commas outside brackets.
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= list.size(); ++i) {
        if (i < list.size() && list[i] == '[')
            ++depth;
        else if (i < list.size() && list[i] == ']')
            --depth;
        if (i < list.size() && !(list[i] == ',' && depth == 0))
            continue;
        const std::string_view item = list.substr(start, i - start);
        start = i + 1;
        if (item.empty())
            continue;
        const size_t open = item.find('['), close = item.find(']');
        if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
            hosts.emplace_back(item);
            continue;
        }
        const std::string prefix(item.substr(0, open)), suffix(item.substr(close + 1));
        std::string_view inside = item.substr(open + 1, close - open - 1);
        while (!inside.empty()) {
            const size_t comma = inside.find(',');
            const std::string_view range = inside.substr(0, comma);
            inside =
                comma == std::string_view::npos ? std::string_view() : inside.substr(comma + 1);
            const size_t dash = range.find('-');
            const std::string_view lo = range.substr(0, dash);
            const std::string_view hi =
                dash == std::string_view::npos ? lo : range.substr(dash + 1);
            long a = 0, b = 0;
            std::from_chars(lo.data(), lo.data() + lo.size(), a);
            std::from_chars(hi.data(), hi.data() + hi.size(), b);
            for (long n = a; n <= b && n - a < 100000; ++n) {
                std::string number = std::to_string(n);
                if (number.size() < lo.size())
                    number.insert(0, lo.size() - number.size(), '0');
                hosts.push_back(prefix + number + suffix);
            }
        }
    }
    return hosts;
}

Result<std::string> runProgram(const std::vector<std::string> &argv)
{
    if (argv.empty())
        return makeError("no program to run");
    int out[2], err[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0)
        return makeError(std::string("cannot run ") + argv[0] + ": " + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned =
        posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    std::string stdoutText, stderrText;
    if (spawned == 0) {
        pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
        int open = 2;
        char buffer[4096];
        while (open > 0 && ::poll(fds, 2, -1) >= 0) {
            for (pollfd &f : fds) {
                if (f.fd < 0 || !(f.revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const ssize_t n = ::read(f.fd, buffer, sizeof buffer);
                if (n > 0) {
                    (f.fd == out[0] ? stdoutText : stderrText).append(buffer, size_t(n));
                } else {
                    f.fd = -1;
                    --open;
                }
            }
        }
    }
    ::close(out[0]);
    ::close(err[0]);
    if (spawned != 0)
        return makeError("cannot run " + argv[0] + ": " + std::strerror(spawned));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string said = stderrText.substr(0, stderrText.find_last_not_of('\n') + 1);
        return makeError(argv[0] + " failed" +
                         (WIFEXITED(status) ? " (exit " + std::to_string(WEXITSTATUS(status)) + ")"
                                            : std::string(" (killed)")) +
                         (said.empty() ? std::string() : ": " + said));
    }
    return stdoutText;
}

} // namespace synset::slurm
