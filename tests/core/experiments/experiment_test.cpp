// Experiment files: validation errors name what is wrong; axes expand into cells and jobs;
// the summary's means, deviations and best marks follow the rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "pmg/config/finetune_options.h"
#include "pmg/datasets/motion_dataset.h"
#include "pmg/experiments/experiment.h"
#include "pmg/experiments/experiment_jobs.h"
#include "pmg/experiments/experiment_results.h"
#include "pmg/experiments/shared_scales.h"

namespace {

nlohmann::json baseFile() {
  return nlohmann::json::parse(R"({
    "pretrain": {"preset": "tiny-cpu", "set": {"train": {"steps": 100}}},
    "downstream": {"dataset": "motion", "protocols": ["finetune"], "per_class": [1, 0],
                   "seeds": [0, 1, 2], "finetune": {"steps": 50, "lr": 0.032, "flip": false}},
    "axes": [
      {"name": "transform", "variants": [
        {"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}},
        {"name": "affine", "set": {"train": {"pmg_preset": "affine"}}},
        {"name": "scratch", "scratch": true}]},
      {"name": "mix", "variants": [
        {"name": "none", "set": {}},
        {"name": "long", "set": {"train": {"steps": 300, "batch": 8}}}]}]
  })");
}

std::string errorOf(const nlohmann::json& file, const std::string& scale = "",
                    const pmg::TrainValidator& v = {}) {
  try {
    pmg::parseExperiment(file, scale, v);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Experiment, AxesExpandIntoEveryCombinationWithMergedOverrides) {
  const auto e = pmg::parseExperiment(baseFile(), "");
  ASSERT_EQ(e.cells.size(), 6u);
  EXPECT_EQ(e.cells[0].name, "zoom+none");
  EXPECT_EQ(e.cells[1].name, "zoom+long");
  EXPECT_EQ(e.cells[5].name, "scratch+long");
  const auto& train = e.cells[1].pretrain_preset["train"];
  EXPECT_EQ(train["pmg_preset"], "zoom");
  EXPECT_EQ(train["steps"], 300);  // the variant's value over the base's 100
  EXPECT_EQ(train["batch"], 8);
  EXPECT_EQ(train["model"], "tiny");  // the preset's own settings stay
  EXPECT_EQ(e.cells[0].pretrain_preset["train"]["steps"], 100);
  EXPECT_TRUE(e.cells[4].scratch);
  EXPECT_FALSE(e.cells[1].scratch);
}

TEST(Experiment, AnExplicitCellListReplacesTheProduct) {
  auto file = baseFile();
  file["cells"] = {{{"transform", "affine"}, {"mix", "long"}},
                   {{"transform", "zoom"}, {"mix", "none"}}};
  const auto e = pmg::parseExperiment(file, "");
  ASSERT_EQ(e.cells.size(), 2u);
  EXPECT_EQ(e.cells[0].name, "affine+long");
  file["cells"] = {{{"transform", "rotate"}, {"mix", "none"}}};
  EXPECT_TRUE(contains(errorOf(file), "axis 'transform' has no variant 'rotate'"));
}

TEST(Experiment, ErrorsNameTheKeyTheAxisAndTheVariant) {
  auto file = baseFile();
  file["downstrem"] = file["downstream"];
  EXPECT_TRUE(contains(errorOf(file), "downstrem"));
  EXPECT_TRUE(contains(errorOf(file), "downstream"));  // the suggestion

  file = baseFile();
  file["axes"][1]["variants"] = nlohmann::json::array();
  EXPECT_TRUE(contains(errorOf(file), "axis 'mix': has no variants"));

  file = baseFile();
  file["axes"][0]["variants"][1]["set"] = {{"trian", {{"steps", 3}}}};
  const std::string bad_set = errorOf(file);
  EXPECT_TRUE(contains(bad_set, "axis 'transform' variant 'affine'")) << bad_set;
  EXPECT_TRUE(contains(bad_set, "trian")) << bad_set;

  // A "train" key the trainer does not know: the validator's message, naming the cell.
  file = baseFile();
  const auto validator = [](const nlohmann::json& train) {
    if (train.contains("pmg_presett"))
      throw std::invalid_argument("train: unknown key 'pmg_presett'");
  };
  file["axes"][0]["variants"][0]["set"]["train"] = {{"pmg_presett", "zoom"}};
  const std::string bad_train = errorOf(file, "", validator);
  EXPECT_TRUE(contains(bad_train, "cell 'zoom+none'")) << bad_train;
  EXPECT_TRUE(contains(bad_train, "pmg_presett")) << bad_train;

  file = baseFile();
  file["downstream"]["protocols"] = {"finetune", "knn"};
  EXPECT_TRUE(contains(errorOf(file), "'knn' is not a protocol"));
  file = baseFile();
  file["downstream"]["per_class"] = {1, -5};
  EXPECT_TRUE(contains(errorOf(file), "per_class"));
  file = baseFile();
  file["downstream"]["finetune"]["learning_rate"] = 0.1;
  EXPECT_TRUE(contains(errorOf(file), "learning_rate"));
  file = baseFile();
  file["axes"][0]["variants"][1]["name"] = "zoom";
  EXPECT_TRUE(contains(errorOf(file), "variant 'zoom' appears twice"));
  file = baseFile();
  file["pretrain"]["preset"] = "no-such-preset";
  EXPECT_TRUE(contains(errorOf(file), "no-such-preset"));
}

TEST(Experiment, DownstreamNumbersAreBoundedByTheCommandsOwnTables) {
  // Every finetune/probe number is checked against `pmg finetune`'s option table when the
  // file is read (not after the pre-training), and the motion dataset against its own.
  for (const auto& f : pmg::finetuneFields()) {
    if (std::string(f.key) == "per_class") continue;  // set by downstream.per_class
    for (const char* protocol : {"finetune", "probe"}) {
      auto file = baseFile();
      file["downstream"][protocol][f.key] =
          f.integer() ? nlohmann::json((long long)f.hi + 1) : nlohmann::json(f.hi + 1);
      const std::string error = errorOf(file);
      EXPECT_TRUE(
          contains(error, std::string("downstream.") + protocol + "." + f.key + " must be between"))
          << f.key << ": " << error;
      file["downstream"][protocol][f.key] =
          f.integer() ? nlohmann::json((long long)f.hi) : nlohmann::json(f.hi);
      EXPECT_EQ(errorOf(file), "") << f.key;
    }
  }
  auto file = baseFile();
  file["downstream"]["per_class"] = {0, 2000000};  // beyond `pmg finetune --per-class`
  EXPECT_TRUE(contains(errorOf(file), "2000000 is not a clip count between 0 and 1e+06"))
      << errorOf(file);
  file = baseFile();
  file["downstream"]["finetune"]["per_class"] = 4;
  EXPECT_TRUE(contains(errorOf(file), "unknown key \"per_class\""));
  file = baseFile();
  file["downstream"]["finetune"]["flip"] = 1;
  EXPECT_TRUE(contains(errorOf(file), "finetune.flip: must be true or false"));
  for (const auto& f : pmg::motionDatasetFields()) {
    file = baseFile();
    file["downstream"]["motion_dataset"][f.key] =
        f.integer() ? nlohmann::json((long long)f.lo - 1) : nlohmann::json(f.lo - 0.01);
    EXPECT_TRUE(
        contains(errorOf(file), std::string("motion_dataset.") + f.key + " must be between"))
        << f.key << ": " << errorOf(file);
  }
  EXPECT_EQ(pmg::findField(pmg::motionDatasetFields(), "classes")->hi,
            double(pmg::motionClassNames().size()));
  // The harder scene's options reach `pmg make-motion-dataset` as its own flags.
  file = baseFile();
  file["downstream"]["motion_dataset"] = {
      {"distractors", 2}, {"camera_motion", 0.015}, {"backgrounds", "/data/photos"}};
  const auto jobs = pmg::experimentJobs(pmg::parseExperiment(file, ""), "DIR");
  const auto& args = jobs.front().args;
  const auto has = [&](const std::string& flag, const std::string& value) {
    const auto at = std::find(args.begin(), args.end(), flag);
    return at != args.end() && at + 1 != args.end() && at[1] == value;
  };
  EXPECT_EQ(args.front(), "make-motion-dataset");
  EXPECT_TRUE(has("--distractors", "2"));
  EXPECT_TRUE(has("--camera-motion", "0.015"));
  EXPECT_TRUE(has("--backgrounds", "/data/photos"));
  file["downstream"]["motion_dataset"]["backgrounds"] = 3;
  EXPECT_TRUE(contains(errorOf(file), "backgrounds: must name a folder of photos"));
}

TEST(Experiment, ScalesPatchTheFileAndAreChosenByName) {
  auto file = baseFile();
  file["scales"] = {{"tiny-cpu", {{"downstream", {{"seeds", {7}}}}}},
                    {"paper", {{"pretrain", {{"preset", "paper-vit-b"}}}}}};
  const auto tiny = pmg::parseExperiment(file, "");  // tiny-cpu by default
  EXPECT_EQ(tiny.scale, "tiny-cpu");
  EXPECT_EQ(tiny.downstream.seeds, std::vector<uint64_t>{7});
  const auto paper = pmg::parseExperiment(file, "paper");
  EXPECT_EQ(paper.base_preset["train"]["model"], "base");
  EXPECT_EQ(paper.downstream.seeds.size(), 3u);
  EXPECT_TRUE(
      contains(errorOf(file, "huge"), "'huge' is not one of this file's scales: paper, tiny-cpu"));
}

TEST(Experiment, AStringScaleNamesASharedScaleAndResolvesLikeItsPatch) {
  ASSERT_FALSE(pmg::sharedScaleNames().empty());
  for (const auto& name : pmg::sharedScaleNames()) {
    EXPECT_FALSE(pmg::sharedScaleDescription(name).empty()) << name;
    auto by_name = baseFile(), inline_patch = baseFile();
    by_name["scales"] = {{name, name}};
    inline_patch["scales"] = {{name, pmg::sharedScale(name)}};
    const auto a = pmg::parseExperiment(by_name, name),
               b = pmg::parseExperiment(inline_patch, name);
    EXPECT_EQ(a.resolved, b.resolved) << name;  // experiment.json (and resuming) cannot tell
    EXPECT_EQ(a.scale, name);
  }
  // tiny-cpu's shared patch is the motion task the shipped files had inline.
  const auto tiny = pmg::sharedScale("tiny-cpu");
  EXPECT_EQ(tiny["downstream"]["motion_dataset"]["classes"], 4);
  EXPECT_EQ(tiny["pretrain"]["preset"], "tiny-cpu");
  auto file = baseFile();
  file["scales"] = {{"small", "smal"}};
  EXPECT_TRUE(contains(errorOf(file, "small"), "'smal' is not a shared scale: "));
  EXPECT_TRUE(contains(errorOf(file, "small"), "tiny-cpu"));
  file["scales"] = {{"small", 3}};
  EXPECT_TRUE(contains(errorOf(file, "small"), "scales.small"));
  EXPECT_TRUE(contains(errorOf(file, "small"), "name of a shared scale"));
}

TEST(Experiment, JobsShareEachPretrainingAndScratchCellsHaveNone) {
  const auto e = pmg::parseExperiment(baseFile(), "");
  const auto jobs = pmg::experimentJobs(e, "/x");
  // 1 dataset + 4 pre-trainings (scratch cells have none) + 6 cells x 2 K x 3 seeds.
  ASSERT_EQ(jobs.size(), 1u + 4u + 36u);
  EXPECT_EQ(jobs[0].kind, pmg::ExperimentJobKind::Dataset);
  const auto find = [&](const std::string& id) {
    return *std::find_if(jobs.begin(), jobs.end(), [&](const auto& j) { return j.id == id; });
  };
  const auto ev = find("cells/zoom+long/finetune-k1-s2");
  EXPECT_EQ(ev.depends, (std::vector<std::string>{"motion", "cells/zoom+long/pretrain"}));
  const auto has = [](const std::vector<std::string>& args, const std::vector<std::string>& seq) {
    return std::search(args.begin(), args.end(), seq.begin(), seq.end()) != args.end();
  };
  EXPECT_TRUE(has(ev.args, {"--run", "/x/cells/zoom+long/pretrain"}));
  EXPECT_TRUE(has(ev.args, {"--dataset", "/x/motion"}));
  EXPECT_TRUE(has(ev.args, {"--steps", "50"}));
  EXPECT_TRUE(has(ev.args, {"--lr", "0.032"}));
  EXPECT_FALSE(has(ev.args, {"--flip"}));
  const auto scratch = find("cells/scratch+none/finetune-k0-s0");
  EXPECT_EQ(scratch.depends, std::vector<std::string>{"motion"});
  EXPECT_TRUE(has(scratch.args, {"--model", "tiny"}));
  EXPECT_FALSE(has(scratch.args, {"--run"}));
  EXPECT_EQ(std::count_if(jobs.begin(), jobs.end(),
                          [](const auto& j) { return j.kind == pmg::ExperimentJobKind::Pretrain; }),
            4);
}

TEST(Experiment, SummaryMeansDeviationsAndBestFollowTheRows) {
  std::vector<pmg::ExperimentResultRow> rows;
  const auto add = [&](const std::string& cell, int k, double top1) {
    pmg::ExperimentResultRow r;
    r.cell = cell;
    r.variants = {cell};
    r.protocol = "finetune";
    r.per_class = k;
    r.top1 = top1;
    r.pretrain_steps = cell == "scratch" ? 0 : 100;
    r.pretrain_val_ratio = cell == "scratch" ? -1 : 0.9;
    rows.push_back(r);
  };
  add("zoom", 0, 0.50), add("zoom", 0, 0.60), add("scratch", 0, 0.30), add("scratch", 0, 0.40);
  add("zoom", 1, 0.25), add("scratch", 1, 0.35);
  const std::string md = pmg::experimentSummaryMarkdown(rows, "t");
  EXPECT_TRUE(contains(md, "| cell | K=1 | all |")) << md;
  // zoom at all: mean 55.0, sample std 7.1 (n=2), the best of its column.
  EXPECT_TRUE(contains(md, "**55.0 ± 7.1 (n=2)**")) << md;
  EXPECT_TRUE(contains(md, "| 35.0 ± 7.1 (n=2) |")) << md;
  EXPECT_TRUE(contains(md, "**35.0 ± 0.0 (n=1)**")) << md;  // scratch is best at K=1
  const std::string csv = pmg::experimentResultsCsv(rows, {"transform"});
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
  EXPECT_TRUE(contains(csv, "zoom,zoom,finetune,0,0,0.500000"));
}

TEST(Experiment, ADifferentExperimentInTheSameFolderIsRefused) {
  const auto dir = std::filesystem::temp_directory_path() / "pmg-experiment-plan-test";
  std::filesystem::remove_all(dir);
  const auto e = pmg::parseExperiment(baseFile(), "");
  pmg::writeExperimentPlan(e, pmg::experimentJobs(e, dir.string()), dir.string());
  EXPECT_EQ(pmg::readExperimentJobs(dir.string()).size(), 41u);
  EXPECT_NO_THROW(pmg::writeExperimentPlan(e, pmg::experimentJobs(e, dir.string()), dir.string()));
  auto other = baseFile();
  other["downstream"]["seeds"] = {0};
  const auto e2 = pmg::parseExperiment(other, "");
  try {
    pmg::writeExperimentPlan(e2, pmg::experimentJobs(e2, dir.string()), dir.string());
    FAIL() << "a different experiment was planned over the first";
  } catch (const std::invalid_argument& ex) {
    EXPECT_TRUE(contains(ex.what(), "different experiment")) << ex.what();
    EXPECT_TRUE(contains(ex.what(), "seeds")) << ex.what();
  }
  const auto jobs = pmg::readExperimentJobs(dir.string());
  EXPECT_EQ(pmg::jobProgress(dir.string(), jobs[1]).state, pmg::JobState::Pending);
  std::filesystem::remove_all(dir);
}

TEST(Experiment, TomlFilesReadLikeJson) {
  const auto path = std::filesystem::temp_directory_path() / "pmg-experiment-test.toml";
  std::ofstream(path) << R"(description = "toml"
[pretrain]
preset = "tiny-cpu"
[downstream]
dataset = "motion"
protocols = ["finetune"]
per_class = [1, 0]
seeds = [0, 1]
[[axes]]
name = "transform"
[[axes.variants]]
name = "zoom"
set = { train = { pmg_preset = "zoom" } }
[[axes.variants]]
name = "scratch"
scratch = true
)";
  pmg::Experiment e;
  try {
    e = pmg::loadExperimentFile(path.string(), "");
  } catch (const std::invalid_argument& ex) {
    if (contains(ex.what(), "reads no TOML")) GTEST_SKIP() << ex.what();
    FAIL() << ex.what();
  }
  ASSERT_EQ(e.cells.size(), 2u);
  EXPECT_EQ(e.cells[0].pretrain_preset["train"]["pmg_preset"], "zoom");
  EXPECT_TRUE(e.cells[1].scratch);
  EXPECT_EQ(e.downstream.per_class, (std::vector<int>{1, 0}));
  std::ofstream(path) << "[pretrain\npreset = 1\n";
  try {
    pmg::loadExperimentFile(path.string(), "");
    FAIL() << "malformed TOML was read";
  } catch (const std::invalid_argument& ex) {
    EXPECT_TRUE(contains(ex.what(), "not valid TOML at line 1")) << ex.what();
  }
  std::filesystem::remove(path);
}

TEST(Experiment, PretrainPerSeedGivesEachSeedItsOwnPretraining) {
  auto file = baseFile();
  file["pretrain"]["per_seed"] = true;
  const auto e = pmg::parseExperiment(file, "");
  const auto jobs = pmg::experimentJobs(e, "/x");
  // 1 dataset + 4 pre-training cells x 3 seeds + 36 evaluations.
  ASSERT_EQ(jobs.size(), 1u + 12u + 36u);
  const auto find = [&](const std::string& id) {
    return *std::find_if(jobs.begin(), jobs.end(), [&](const auto& j) { return j.id == id; });
  };
  const auto pre = find("cells/zoom+long/pretrain-s2");
  EXPECT_EQ(pre.kind, pmg::ExperimentJobKind::Pretrain);
  EXPECT_EQ(pre.seed, 2u);
  const auto seed_flag = std::find(pre.args.begin(), pre.args.end(), "--seed");
  ASSERT_NE(seed_flag, pre.args.end());
  EXPECT_EQ(*(seed_flag + 1), "2");
  const auto ev = find("cells/zoom+long/finetune-k1-s2");
  EXPECT_EQ(ev.depends, (std::vector<std::string>{"motion", "cells/zoom+long/pretrain-s2"}));
  file["pretrain"]["per_seed"] = "yes";
  EXPECT_TRUE(contains(errorOf(file), "pretrain.per_seed: must be true or false")) << errorOf(file);
}

TEST(Experiment, ReferenceColumnsNameCellsOfTheFile) {
  auto file = baseFile();
  file["reference"] = {{"hmdb51", {{"zoom+none", 44.5}, {"affine+none", 43.2}, {"zoom+long", 45}}}};
  EXPECT_EQ(pmg::parseExperiment(file, "").reference.at("hmdb51").at("zoom+none"), 44.5);
  file["reference"]["hmdb51"]["zoom+nnoe"] = 1.0;
  EXPECT_TRUE(contains(errorOf(file), "did you mean \"zoom+none\"")) << errorOf(file);
  file["reference"] = {{"ucf101", {{"zoom+none", 81.2}, {"affine+none", 80.5}}}};
  EXPECT_TRUE(contains(errorOf(file), "reference.ucf101: needs three cells or more"))
      << errorOf(file);
  file["reference"] = {{"ucf101", {{"zoom+none", "high"}, {"affine+none", 1}, {"zoom+long", 2}}}};
  EXPECT_TRUE(contains(errorOf(file), "reference.ucf101.zoom+none: must be a finite number"))
      << errorOf(file);
}

TEST(Experiment, RankAgreementComparesCellMeansWithTheReference) {
  std::vector<pmg::ExperimentResultRow> rows;
  const auto add = [&](const std::string& cell, double top1) {
    pmg::ExperimentResultRow r;
    r.cell = cell;
    r.protocol = "finetune";
    r.top1 = top1;
    rows.push_back(r);
  };
  // Means a 0.30, b 0.40, c 0.50, d 0.60: the reference's order reversed for "rev".
  for (double d : {-0.01, 0.01}) add("a", 0.30 + d), add("b", 0.40 + d), add("c", 0.50 + d);
  add("d", 0.60);
  const std::map<std::string, std::map<std::string, double>> reference = {
      {"same", {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}},
      {"rev", {{"a", 4}, {"b", 3}, {"c", 2}, {"d", 1}}},
      {"few", {{"a", 1}, {"zz", 2}, {"yy", 3}}}};  // one finished cell: left out
  const auto agreements = pmg::experimentRankAgreement(rows, reference);
  ASSERT_EQ(agreements.size(), 2u);
  const auto& rev = agreements[0].column == "rev" ? agreements[0] : agreements[1];
  const auto& same = agreements[0].column == "same" ? agreements[0] : agreements[1];
  EXPECT_DOUBLE_EQ(same.agreement.spearman, 1.0);
  EXPECT_DOUBLE_EQ(same.agreement.kendall, 1.0);
  EXPECT_DOUBLE_EQ(rev.agreement.spearman, -1.0);
  EXPECT_EQ(rev.cells.size(), 4u);
  // Seeds 0.02 apart never swap cells 0.1 apart: the interval is the point.
  EXPECT_DOUBLE_EQ(same.agreement.spearman_lo, 1.0);
  EXPECT_GT(same.agreement.resamples, 1000);
  const std::string md = pmg::experimentRankAgreementMarkdown(agreements);
  EXPECT_TRUE(contains(md, "| finetune | all | rev | 4 | -1.00 [-1.00, -1.00] |")) << md;
}
