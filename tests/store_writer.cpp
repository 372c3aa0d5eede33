// Test helper for tst_projectstore:
//   store_writer PROJECT [COUNT]         writes in a tight loop (COUNT transactions, else until
//                                        killed) and prints the number committed after each one;
//   store_writer --hold DIR KIND NAME    takes that work lock, prints "locked" and waits;
//   store_writer --hold-write PROJECT MS begins a write transaction, adds an image row named
//                                        "held", prints "writing", keeps the project locked for
//                                        MS milliseconds, commits and prints "committed".
#include "project/Database.h"
#include "project/Project.h"
#include "project/WorkLock.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <unistd.h>

using namespace synset;

int main(int argc, char **argv)
{
    if (argc == 5 && std::string(argv[1]) == "--hold") {
        Result<WorkLock> lock = WorkLock::acquire(argv[2], argv[3], argv[4]);
        std::printf("%s\n", lock ? "locked" : lock.error().c_str());
        std::fflush(stdout);
        for (;;)
            ::pause();
    }
    const bool holdWrite = argc == 4 && std::string(argv[1]) == "--hold-write";
    if (argc != 2 && argc != 3 && !holdWrite)
        return 2;
    Result<std::unique_ptr<Project>> project = Project::open(argv[holdWrite ? 2 : 1]);
    if (!project)
        return 1;
    Project &p = **project;
    const std::string wnid = p.classes().front().wnid;
    Result<int64_t> dataset = p.ensureDataset("writer", "synthetic", "store_writer");
    if (!dataset)
        return 1;
    if (holdWrite) {
        Transaction tx(p.database());
        Result<Statement> st =
            p.database().prepare("INSERT INTO images(dataset_id, class_id, split, file, width, "
                                 "height, channels, created_at) "
                                 "VALUES (?, ?, 'generated', 'held', 8, 8, 1, 'now')");
        if (!tx.active() || !st || !st->bind(1, *dataset).bind(2, p.classes().front().id).exec())
            return 1;
        std::printf("writing\n");
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::stol(argv[3])));
        if (!tx.commit())
            return 1;
        std::printf("committed\n");
        return 0;
    }
    const long count = argc == 3 ? std::stol(argv[2]) : -1;
    for (long i = 1; count < 0 || i <= count; ++i) {
        // One override and a batch of image rows per transaction.
        Transaction tx(p.database());
        Result<Statement> st =
            p.database().prepare("INSERT INTO images(dataset_id, class_id, split, file, width, "
                                 "height, channels, created_at) "
                                 "VALUES (?, ?, 'generated', ?, 8, 8, 1, 'now')");
        if (!st)
            return 1;
        for (int k = 0; k < 50; ++k) {
            st->reset();
            if (!st->bind(1, *dataset)
                     .bind(2, p.classes().front().id)
                     .bind(3, "img" + std::to_string(i * 100 + k))
                     .exec())
                return 1;
        }
        if (!tx.commit())
            return 1;
        if (!p.setPromptOverride(wnid, "{name} variant " + std::to_string(i)))
            return 1;
        std::printf("%ld\n", i);
        std::fflush(stdout);
    }
    return 0;
}
