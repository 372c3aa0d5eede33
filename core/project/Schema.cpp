#include "Schema.h"

namespace synset::schema {

const std::vector<std::string_view> &migrations()
{
    static const std::vector<std::string_view> list = {
        // 1: the foundation. Later capabilities add columns and tables in further migrations.
        R"sql(
CREATE TABLE project_info(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL);

CREATE TABLE classes(
    id          INTEGER PRIMARY KEY,
    class_index INTEGER NOT NULL UNIQUE,
    wnid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL);

-- Every saved version of a prompt template: class_id NULL is the project-wide template, else a
-- per-synset override; body NULL clears the override. The newest row is the one in force.
CREATE TABLE prompt_history(
    id         INTEGER PRIMARY KEY,
    class_id   INTEGER REFERENCES classes(id) ON DELETE CASCADE,
    body       TEXT,
    created_at TEXT NOT NULL);
CREATE INDEX prompt_history_class ON prompt_history(class_id, id);

CREATE TABLE word_lists(
    name       TEXT PRIMARY KEY,
    items      TEXT NOT NULL,
    updated_at TEXT NOT NULL);

CREATE TABLE datasets(
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('real', 'synthetic')),
    source     TEXT,
    created_at TEXT NOT NULL);

-- file is relative to the project folder (or absolute for linked imports); record indexes an
-- image inside a container file such as IDX, -1 when the file is one image.
CREATE TABLE images(
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    class_id   INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    split      TEXT NOT NULL,
    file       TEXT NOT NULL,
    record     INTEGER NOT NULL DEFAULT -1,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    channels   INTEGER NOT NULL,
    provenance TEXT,
    created_at TEXT NOT NULL);
CREATE INDEX images_class_split ON images(class_id, split);
CREATE INDEX images_dataset ON images(dataset_id, file);

CREATE TABLE reviews(
    image_id   INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected')),
    origin     TEXT NOT NULL DEFAULT 'manual',
    rule       TEXT,
    updated_at TEXT NOT NULL);

CREATE TABLE runs(
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    config       TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    finished_at  TEXT,
    wall_seconds REAL);

CREATE TABLE run_metrics(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    step   INTEGER NOT NULL,
    epoch  INTEGER,
    value  REAL NOT NULL,
    PRIMARY KEY (run_id, key, step)) WITHOUT ROWID;

CREATE TABLE imports(
    id          INTEGER PRIMARY KEY,
    dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
    source      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    imported    INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    errors      TEXT);
)sql",
        // 2: batch generation jobs. Their images are rows of a synthetic dataset of their own,
        // committed a batch at a time, so the rows of each class are always a prefix 0..n-1.
        R"sql(
CREATE TABLE generation_jobs(
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    config     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'done', 'cancelled', 'failed')),
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
)sql",
        // 3: classifier training runs. run_images keeps the exact data mix of a run (so a resume
        // or a repeat trains on the same images); run_predictions keeps the last evaluation of
        // every real test image. updated_at is a heartbeat: a 'running' run that stopped
        // beating was killed.
        R"sql(
ALTER TABLE runs ADD COLUMN updated_at TEXT;
ALTER TABLE runs ADD COLUMN error TEXT;
CREATE TABLE run_images(
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    image_id  INTEGER NOT NULL,
    label     INTEGER NOT NULL,
    synthetic INTEGER NOT NULL,
    PRIMARY KEY (run_id, image_id)) WITHOUT ROWID;
CREATE TABLE run_predictions(
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    image_id   INTEGER NOT NULL,
    label      INTEGER NOT NULL,
    predicted  INTEGER NOT NULL,
    confidence REAL NOT NULL,
    top5       TEXT NOT NULL,
    PRIMARY KEY (run_id, image_id)) WITHOUT ROWID;
CREATE INDEX run_predictions_pair ON run_predictions(run_id, label, predicted);
)sql",
        // 4: curation. Scores of generated images by a reference classifier trained on real
        // images only (replaced as a whole by each scoring), per-class set scores, and every
        // review action with the reviews it replaced, so that any of them can be undone.
        R"sql(
CREATE TABLE image_scores(
    image_id        INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    predicted       INTEGER NOT NULL,
    self_confidence REAL NOT NULL,
    margin          REAL NOT NULL,
    entropy         REAL NOT NULL,
    real_distance   REAL,
    uniqueness      REAL,
    duplicate_of    INTEGER);
CREATE TABLE class_scores(
    class_id       INTEGER PRIMARY KEY REFERENCES classes(id) ON DELETE CASCADE,
    images         INTEGER NOT NULL,
    real_images    INTEGER NOT NULL,
    fid            REAL,
    kid            REAL,
    kid_std        REAL,
    diversity      REAL,
    real_diversity REAL);
CREATE TABLE review_actions(
    id          INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    origin      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    images      INTEGER NOT NULL,
    undone      INTEGER NOT NULL DEFAULT 0);
CREATE TABLE review_changes(
    action_id      INTEGER NOT NULL REFERENCES review_actions(id) ON DELETE CASCADE,
    image_id       INTEGER NOT NULL,
    old_state      TEXT,
    old_origin     TEXT,
    old_rule       TEXT,
    old_updated_at TEXT,
    PRIMARY KEY (action_id, image_id)) WITHOUT ROWID;
CREATE INDEX reviews_state ON reviews(state);
)sql",
        // 5: robustness. Each run's figures under shift, one row per metric key
        // ("corruption/fog/3", "adversarial/pgd/4", "representation/sparsity", ...).
        R"sql(
CREATE TABLE robustness_metrics(
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    metric     TEXT NOT NULL,
    value      REAL NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (run_id, metric)) WITHOUT ROWID;
)sql",
        // 6: experiments. The plan of each (its options, and the guidance, eta and generator
        // resolved when it was made); its steps are the generation jobs and runs named after it.
        R"sql(
CREATE TABLE experiments(
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    plan       TEXT NOT NULL,
    created_at TEXT NOT NULL);
)sql",
        // 7: projects of millions of images. The per-class, per-dataset and per-split counts
        // (project info, the class tables) are read from this index alone.
        R"sql(
CREATE INDEX images_class_dataset_split ON images(class_id, dataset_id, split);
)sql",
        // 8: generation plans for clusters. A plan's settings (JSON, as generation_jobs keeps
        // them) and size; its shards are made elsewhere and merged one transaction each.
        R"sql(
CREATE TABLE generation_plans(
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    config     TEXT NOT NULL,
    shards     INTEGER NOT NULL,
    units      INTEGER NOT NULL,
    images     INTEGER NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE generation_plan_merges(
    plan_id   INTEGER NOT NULL REFERENCES generation_plans(id) ON DELETE CASCADE,
    shard     INTEGER NOT NULL,
    images    INTEGER NOT NULL,
    merged_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, shard)) WITHOUT ROWID;
)sql",
    };
    return list;
}

} // namespace synset::schema
