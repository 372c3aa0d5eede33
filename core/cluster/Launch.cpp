#include "Launch.h"

#include "Slurm.h"

#include <charconv>
#include <cstdlib>
#include <optional>

namespace synset {

namespace {

std::optional<std::string> env(const char *name)
{
    const char *v = std::getenv(name);
    return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

Result<int> envInt(const char *name, int fallback, bool required)
{
    const std::optional<std::string> v = env(name);
    if (!v)
        return required ? Result<int>(makeError(std::string(name) + " is not set")) : fallback;
    int value = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
    if (ec != std::errc() || end != v->data() + v->size() || value < 0)
        return makeError(std::string(name) + " is '" + *v + "', not a number");
    return value;
}

Result<DistributedOptions> fromTorchrun(DistributedOptions o)
{
    Result<int> rank = envInt("RANK", 0, true), world = envInt("WORLD_SIZE", 1, true);
    Result<int> local = envInt("LOCAL_RANK", 0, false), port = envInt("MASTER_PORT", 29500, false);
    for (const Result<int> *r : {&rank, &world, &local, &port})
        if (!*r)
            return makeError("torchrun's environment: " + r->error());
    o.rank = *rank;
    o.worldSize = *world;
    o.localRank = *local;
    o.masterPort = *port;
    o.masterAddr = env("MASTER_ADDR").value_or("127.0.0.1");
    // Under torchrun's agent the store is there already; its workers meet under their attempt.
    if (env("TORCHELASTIC_USE_AGENT_STORE").value_or("") == "True") {
        o.agentStore = true;
        o.storePrefix = "/worker/attempt_" + env("TORCHELASTIC_RESTART_COUNT").value_or("0");
    }
    return o;
}

Result<DistributedOptions> fromSlurm(DistributedOptions o)
{
    Result<int> rank = envInt("SLURM_PROCID", 0, true), world = envInt("SLURM_NTASKS", 1, true);
    Result<int> local = envInt("SLURM_LOCALID", 0, false);
    for (const Result<int> *r : {&rank, &world, &local})
        if (!*r)
            return makeError("Slurm's environment: " + r->error());
    o.rank = *rank;
    o.worldSize = *world;
    o.localRank = *local;
    const std::string nodes =
        env("SLURM_STEP_NODELIST").value_or(env("SLURM_JOB_NODELIST").value_or(""));
    const std::vector<std::string> hosts = slurm::expandHostList(nodes);
    if (!env("MASTER_ADDR") && hosts.empty())
        return makeError("Slurm's environment: no node list (SLURM_STEP_NODELIST) to take the "
                         "master from; set MASTER_ADDR");
    o.masterAddr = env("MASTER_ADDR").value_or(hosts.empty() ? "" : hosts.front());
    Result<int> job = envInt("SLURM_JOB_ID", 0, false);
    Result<int> port = envInt("MASTER_PORT", 20000 + (job ? *job % 20000 : 0), false);
    if (!port)
        return makeError(port.error());
    o.masterPort = *port;
    return o;
}

} // namespace

Result<DistributedOptions> distributedFromEnvironment(const std::string &backend)
{
    DistributedOptions o;
    o.backend = backend;
    if (env("RANK") || env("WORLD_SIZE"))
        return fromTorchrun(o);
    if (env("SLURM_PROCID") && env("SLURM_NTASKS"))
        return fromSlurm(o);
    return o; // one process
}

} // namespace synset
