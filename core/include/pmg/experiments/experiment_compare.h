// Several experiments side by side by how they rank their cells against the same reference
// columns (`pmg experiment compare`): one experiment per proxy setting of a proxy study, the
// question being which setting ranks transforms the way the paper does.
#pragma once
#include <string>
#include <vector>

namespace pmg {
inline namespace experiments {

/// One experiment's agreement with one reference column (from its rank_correlation.json).
struct ComparedAgreement {
  std::string experiment;  ///< its scale (experiment.json), else its folder name
  std::string protocol, reference;
  int cells = 0;
  double spearman = 0, spearman_lo = 0, spearman_hi = 0;
  double kendall = 0, kendall_lo = 0, kendall_hi = 0;
};

/// Reads DIR/rank_correlation.json of each directory (written by `pmg experiment report`), in
/// the order given; throws ConfigError naming a directory that has none.
std::vector<ComparedAgreement> readComparedAgreements(const std::vector<std::string>& dirs);

/// compare.md's text: per protocol and reference, one row per experiment (Spearman and Kendall
/// with 95% intervals, cells compared), and the experiment whose Spearman interval's lower end
/// is highest.
std::string comparisonMarkdown(const std::vector<ComparedAgreement>& agreements);

/// Writes OUT/compare.md, OUT/compare.json and OUT/rank-PROTOCOL-REFERENCE.png (Spearman with
/// its interval per experiment); returns the paths written.
std::vector<std::string> writeExperimentComparison(const std::vector<std::string>& dirs,
                                                   const std::string& out);

}  // namespace experiments
}  // namespace pmg
