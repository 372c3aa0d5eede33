// synset-cli: the headless face of Synset Studio, thin over core.
#include "CliArgs.h"
#include "Commands.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

const char kUsage[] = R"(usage: synset-cli <command> [options]

  project create PATH --classes imagenet1k|imagenet100|fashion-mnist|FILE [--name NAME]
  project info PATH [--json]
  project check PATH                        (SQLite's integrity and foreign-key checks)
  import --project P SOURCE [--split train|test|val] [--dataset NAME] [--link]
  synsets show WNID... [--json]
  synsets list --classes imagenet1k|imagenet100|fashion-mnist|FILE [--json]
  synsets search QUERY [--limit N]
  prompts render --project P --synset WNID [--template NAME|--text TEMPLATE] [--count N] [--seed S]
  prompts set --project P [--synset WNID] (--text TEMPLATE | --clear)
  prompts lists --project P [--name LIST]
  prompts set-list --project P --name LIST (--file F | --reset)
  prompts templates
  train-generator --project P [--epochs N --batch B --lr L --seed S --output FILE] [--resume]
                  [--checkpoint FILE --p-uncond P --ema D --schedule cosine|linear --base-channels C
                   --channel-mult 1,2,4 --attention-levels 2 --res-blocks N --guidance W --eta E --device cpu|cuda]
  model info FILE|SD-FOLDER [--json]
  model set-defaults FILE [--guidance W --sampler ddim|ddpm|dpmpp2m --steps N --eta E]
                                            (the sampling settings a class model file recommends)
  generate --project P --classes all|WNID... --per-class N [--guidance W --steps S
           --sampler ddpm|ddim|dpmpp2m|euler|euler-a --eta E --seed S --model FILE|SD-FOLDER
           --job NAME --batch B --negative TEXT --width W --height H --karras --convert]
           (--job NAME alone resumes; with a Stable Diffusion model each image's prompt is its
           class's template; DDIM's --eta defaults to the model's: 1 for class models; images of
           another size or channel count than the project's are refused, or stored converted
           to the project's kind with --convert)
  generate --project P --list | --remove NAME  (remove: a job that is not running; its images stay)
  plan create --project P --name NAME --classes all|WNID... --per-class N --shards S [the generate
              options]               (a generation frozen and cut into shards for a cluster)
  plan run --project P --name NAME [--shard K | --array-offset N] [--device cpu|cuda]
                                            (one shard; K from SLURM_ARRAY_TASK_ID when not given;
                                            exit 75 when SIGTERM or SIGUSR1 stopped it: requeue)
  plan status --project P --name NAME [--json]   |   plan merge --project P --name NAME
  plan list --project P
  slurm plan --project P --name NAME [--partition X --gres gpu:1 --time T --account A
             --max-parallel 64 --max-array-size 1001 --cpus-per-task N --mem M --cli PATH]
             [--only-missing] [--submit]   (sbatch array script, merge job after it, submit.sh)
  slurm train --project P --name NAME --nodes K --gpus-per-node G [slurm options] [train options]
  generate --model DIR|FILE.safetensors --prompt TEXT [--negative TEXT --steps N --guidance S
           --sampler ddim|euler|euler-a|dpmpp2m --karras --eta E --seed S --width W --height H
           --out FILE.png --init-latents FILE --save-latents FILE --device cpu|cuda --config DIR]
                                            (Stable Diffusion 1.x: a diffusers folder or LDM file)
  sd tokenize --model DIR|FILE [--config DIR] [--json] TEXT...
  evaluate-generator --project P [--model FILE --per-class N --guidance 0,1,2,3,5 --sampler X --steps S
                     --eta E --seed S --classifier FILE --json]
  train --project P --name NAME [--model cnn|resnet18|resnet50 --real-fraction F
        --synthetic none|all|accepted --synthetic-datasets A,B --synthetic-ratio R
        --synthetic-per-class N --epochs N --batch B --lr L --seed S --optimizer sgd|adamw
        --width W --augment light|dino|none --label-smoothing X --warmup EPOCHS --device cpu|cuda
        --image-size 224 --decode-threads T --checkpoint-steps N]
        [--distributed gloo|nccl --sync-batchnorm --distributed-timeout S]
        (--distributed: one rank of a data-parallel run, rank and world from torchrun's RANK,
        WORLD_SIZE, MASTER_ADDR, MASTER_PORT or Slurm's SLURM_PROCID, SLURM_NTASKS and node
        list; --batch is the whole step's batch, each rank taking its share)
  train --project P --resume NAME [--distributed gloo|nccl]
  train --project P --list
  train --project P --delete NAME
  eval --project P --run NAME [--json]
  experiment --project P [--model cnn --per-class N --sweep-per-class N --guidance W
             --sweep 0,1,2,3,5,8 --fractions 0.01,0.1,1 --budget IMAGES --sample-steps S --eta E
             --prefix P]
  score --project P [--reference RUN --neighbours K --real-per-class N --duplicate-factor F --json]
  filter --project P --rule "self_confidence>=0.5 and uniqueness>0.1" [--class WNID,... --dataset D,...]
         [--keep-top K --by SCORE] [--drop-duplicates] [--dry-run]
  review --project P (--accept | --reject | --clear) ID...   |   review --project P --undo | --list
  export --project P OUT [--accepted] [--with-real] [--real-split train|test]
  robustness --project P --run NAME [--suite corruptions,adversarial,representation,probe,domain:DIR]
             [--baseline RUN] [--json] [--show] [--corruption-images N --adversarial-images N
             --epsilons 0,1,2,4,8 --pgd-steps N --corruptions A,B --probe-set DIR --probe-per-class N]
  chart spider --project P --runs A,B,C --out FILE.svg|png|pdf [--axes KEY,... --scale spread|zero --width W --height H]

Options common to all commands: --wordnet DIR (default /usr/share/wordnet, or $SYNSET_WORDNET_DIR).
Exit status 0 on success; otherwise a one-line reason on standard error.
)";

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    // --wordnet applies to every command; take it out before the command sees its options.
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--wordnet") {
            setenv("SYNSET_WORDNET_DIR", args[i + 1].c_str(), 1);
            args.erase(args.begin() + static_cast<long>(i),
                       args.begin() + static_cast<long>(i) + 2);
            break;
        }
    }
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "project")
        return synset::cli::runProject(rest);
    if (command == "import")
        return synset::cli::runImport(rest);
    if (command == "synsets")
        return synset::cli::runSynsets(rest);
    if (command == "prompts")
        return synset::cli::runPrompts(rest);
    if (command == "train-generator")
        return synset::cli::runTrainGenerator(rest);
    if (command == "model")
        return synset::cli::runModel(rest);
    if (command == "generate") {
        // With --prompt: text-to-image with a Stable Diffusion model; else the project's queue.
        for (const std::string &a : rest)
            if (a == "--prompt")
                return synset::cli::runSdGenerate(rest);
        return synset::cli::runGenerate(rest);
    }
    if (command == "sd")
        return synset::cli::runSd(rest);
    if (command == "evaluate-generator")
        return synset::cli::runEvaluateGenerator(rest);
    if (command == "train")
        return synset::cli::runTrain(rest);
    if (command == "eval")
        return synset::cli::runEval(rest);
    if (command == "experiment")
        return synset::cli::runExperiment(rest);
    if (command == "score")
        return synset::cli::runScore(rest);
    if (command == "filter")
        return synset::cli::runFilter(rest);
    if (command == "review")
        return synset::cli::runReview(rest);
    if (command == "export")
        return synset::cli::runExport(rest);
    if (command == "robustness")
        return synset::cli::runRobustness(rest);
    if (command == "chart")
        return synset::cli::runChart(rest);
    if (command == "plan")
        return synset::cli::runPlan(rest);
    if (command == "slurm")
        return synset::cli::runSlurm(rest);
    return synset::cli::fail("unknown command '" + command + "' (see synset-cli --help)", 2);
}
