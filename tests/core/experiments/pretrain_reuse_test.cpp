// Which pre-trainings of another experiment count as the same run: the resolved preset
// (description aside) and the seed decide, not the folder, the cell's name or the downstream
// task; unfinished runs are never copied. Copying finished runs is tested end to end
// (tests/e2e/experiment_test.sh), with real pre-trainings.
#include <gtest/gtest.h>

#include <filesystem>

#include "pmg/experiments/experiment.h"
#include "pmg/experiments/experiment_jobs.h"
#include "pmg/experiments/pretrain_reuse.h"

namespace fs = std::filesystem;

namespace {

nlohmann::json studyFile() {
  return nlohmann::json::parse(R"({
    "description": "a study",
    "pretrain": {"preset": "tiny-cpu", "per_seed": true, "set": {"train": {"steps": 100}}},
    "downstream": {"dataset": "motion", "protocols": ["finetune"], "per_class": [0], "seeds": [0, 1],
                   "motion_dataset": {"classes": 4, "seed": 7}},
    "axes": [{"name": "transform", "variants": [
        {"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}},
        {"name": "affine", "set": {"train": {"pmg_preset": "affine"}}}]}]
  })");
}

/// Plans `file` into a fresh temp folder `name`; returns the folder and its jobs.
std::pair<std::string, std::vector<pmg::ExperimentJob>> planned(const nlohmann::json& file,
                                                                const std::string& name) {
  const std::string dir = (fs::temp_directory_path() / ("pmg-reuse-test-" + name)).string();
  fs::remove_all(dir);
  const auto e = pmg::parseExperiment(file, "");
  const auto jobs = pmg::experimentJobs(e, dir);
  pmg::writeExperimentPlan(e, jobs, dir);
  return {dir, jobs};
}

std::string identityOf(const std::pair<std::string, std::vector<pmg::ExperimentJob>>& plan,
                       const std::string& id) {
  for (const auto& j : plan.second)
    if (j.id == id) return pmg::pretrainIdentity(plan.first, j);
  ADD_FAILURE() << "no job " << id;
  return "";
}

}  // namespace

TEST(PretrainReuse, TheIdentityIsThePresetAndTheSeedNotTheFolderNorTheDownstreamTask) {
  const auto a = planned(studyFile(), "a");
  auto downstream = studyFile();  // another description and another motion dataset
  downstream["description"] = "the same pre-trainings, another task";
  downstream["downstream"]["motion_dataset"]["classes"] = 13;
  const auto b = planned(downstream, "b");
  auto longer = studyFile();  // a different pre-training
  longer["pretrain"]["set"]["train"]["steps"] = 300;
  const auto c = planned(longer, "c");

  const std::string zoom0 = identityOf(a, "cells/zoom/pretrain-s0");
  ASSERT_FALSE(zoom0.empty());
  EXPECT_EQ(identityOf(b, "cells/zoom/pretrain-s0"), zoom0);
  EXPECT_EQ(identityOf(b, "cells/affine/pretrain-s1"), identityOf(a, "cells/affine/pretrain-s1"));
  EXPECT_NE(identityOf(a, "cells/zoom/pretrain-s1"), zoom0);    // another seed
  EXPECT_NE(identityOf(a, "cells/affine/pretrain-s0"), zoom0);  // another transform
  EXPECT_NE(identityOf(c, "cells/zoom/pretrain-s0"), zoom0);    // other steps
  // Evaluations and the dataset are not pre-trainings.
  EXPECT_EQ(pmg::pretrainIdentity(a.first, a.second.front()), "");
  for (const auto& dir : {a.first, b.first, c.first}) fs::remove_all(dir);
}

TEST(PretrainReuse, NothingUnfinishedIsCopiedAndAnExperimentCannotReuseItself) {
  const auto a = planned(studyFile(), "d");
  const auto b = planned(studyFile(), "e");
  fs::create_directories(a.first + "/cells/zoom/pretrain-s0");  // started, never finished
  EXPECT_TRUE(pmg::reuseFinishedPretrainings(b.first, b.second, {a.first}).empty());
  EXPECT_FALSE(fs::exists(b.first + "/cells/zoom/pretrain-s0"));
  EXPECT_THROW(pmg::reuseFinishedPretrainings(b.first, b.second, {b.first}), std::exception);
  EXPECT_THROW(pmg::reuseFinishedPretrainings(b.first, b.second, {a.first + "/nothing"}),
               std::exception);  // not an experiment directory
  for (const auto& dir : {a.first, b.first}) fs::remove_all(dir);
}
