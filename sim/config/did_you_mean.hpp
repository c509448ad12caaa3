#pragma once
#include <string>
#include <vector>

namespace ternsim {

size_t edit_distance(const std::string& a, const std::string& b);

// Closest candidate by edit distance, or "" when nothing is close enough to be a typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — appended to unknown-key/unknown-name errors.
std::string did_you_mean_suffix(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ternsim
