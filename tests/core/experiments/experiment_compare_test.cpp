// `pmg experiment compare`: experiments side by side by their rank agreement.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "pmg/config/config_error.h"
#include "pmg/experiments/experiment_compare.h"

namespace fs = std::filesystem;

namespace {

/// An experiment directory as `pmg experiment report` leaves it: its scale and agreements.
std::string reportedExperiment(const std::string& name, const std::string& scale, double rho,
                               double lo, double hi) {
  const fs::path dir = fs::temp_directory_path() / ("pmg_compare_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "experiment.json") << nlohmann::json{{"scale", scale}}.dump();
  const nlohmann::json agreements = nlohmann::json::array({{{"protocol", "finetune"},
                                                            {"per_class", 0},
                                                            {"reference", "hmdb51"},
                                                            {"cells", {"a", "b", "c", "d"}},
                                                            {"spearman", rho},
                                                            {"spearman_95", {lo, hi}},
                                                            {"kendall", rho * 0.8},
                                                            {"kendall_95", {lo * 0.8, hi * 0.8}}}});
  std::ofstream(dir / "rank_correlation.json") << agreements.dump();
  return dir.string();
}

}  // namespace

TEST(ExperimentCompare, EachExperimentIsARowNamedByItsScaleAndTheBestIsNamed) {
  const std::string tiny = reportedExperiment("tiny", "tiny-cpu", -0.33, -0.38, -0.24);
  const std::string res = reportedExperiment("res", "res64", 0.40, 0.10, 0.62);
  const fs::path out = fs::temp_directory_path() / "pmg_compare_out";
  fs::remove_all(out);
  const auto written = pmg::writeExperimentComparison({tiny, res}, out.string());
  ASSERT_EQ(written.size(), 3u);  // compare.md, compare.json, one figure
  std::ifstream md_file(out / "compare.md");
  const std::string md((std::istreambuf_iterator<char>(md_file)), {});
  EXPECT_NE(md.find("## finetune vs hmdb51"), std::string::npos) << md;
  EXPECT_NE(md.find("| tiny-cpu | 4 | -0.33 [-0.38, -0.24] |"), std::string::npos) << md;
  EXPECT_NE(md.find("| res64 | 4 | 0.40 [0.10, 0.62] |"), std::string::npos) << md;
  EXPECT_NE(md.find("**res64**"), std::string::npos) << md;
  EXPECT_NE(md.find("its interval lies above zero"), std::string::npos) << md;
  const cv::Mat figure = cv::imread((out / "rank-finetune-hmdb51.png").string());
  ASSERT_FALSE(figure.empty());
  EXPECT_GE(figure.cols, 420);
  const auto j = nlohmann::json::parse(std::ifstream(out / "compare.json"));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[1]["experiment"], "res64");
  EXPECT_DOUBLE_EQ(j[0]["spearman_95"][1].get<double>(), -0.24);
}

TEST(ExperimentCompare, WithoutIntervalsAboveZeroItSaysSo) {
  const std::string a = reportedExperiment("neg1", "a", -0.2, -0.5, 0.1);
  const std::string b = reportedExperiment("neg2", "b", 0.1, -0.3, 0.4);
  const std::string md = pmg::comparisonMarkdown(pmg::readComparedAgreements({a, b}));
  EXPECT_NE(md.find("**b**"), std::string::npos) << md;  // -0.3 > -0.5
  EXPECT_NE(md.find("no experiment's interval lies above zero"), std::string::npos) << md;
}

TEST(ExperimentCompare, ADirectoryWithoutAReportIsNamed) {
  const fs::path empty = fs::temp_directory_path() / "pmg_compare_unreported";
  fs::create_directories(empty);
  try {
    pmg::readComparedAgreements({empty.string()});
    FAIL() << "no error";
  } catch (const pmg::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(empty.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("pmg experiment report"), std::string::npos) << e.what();
  }
}
