// Test helper for tst_projectstore: writes to a project in a tight loop and prints the number
// of committed transactions after each one, until it is killed.
#include "project/Database.h"
#include "project/Project.h"

#include <cstdio>
#include <string>

using namespace synset;

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    Result<std::unique_ptr<Project>> project = Project::open(argv[1]);
    if (!project)
        return 1;
    Project &p = **project;
    const std::string wnid = p.classes().front().wnid;
    Result<int64_t> dataset = p.ensureDataset("writer", "synthetic", "store_writer");
    if (!dataset)
        return 1;
    for (long i = 1;; ++i) {
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
}
