// The experiment report's figures (figures/*.png of an experiment directory).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "pmg/experiments/experiment_results.h"

namespace pmg {
inline namespace experiments {

/// Writes figures/*.png of experiment dir `dir`: per protocol the top-1 bars and (with several
/// K) label-efficiency curves, per agreement the cells' ranks here and in the reference, and
/// the pre-training loss curves; returns the paths written.
std::vector<std::string> writeExperimentFigures(
    const std::string& dir, const std::vector<ExperimentResultRow>& rows,
    const std::vector<ExperimentAgreement>& agreements,
    const std::map<std::string, std::map<std::string, double>>& reference);

}  // namespace experiments
}  // namespace pmg
