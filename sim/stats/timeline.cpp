#include "sim/stats/timeline.hpp"

namespace ternsim {

void Timeline::add(const std::string& unscoped, const std::string& name, uint64_t start, uint64_t dur, bool merge) {
  if (dur == 0) return;
  const std::string track = scope_ ? scope_(unscoped) : unscoped;
  if (merge) {
    for (auto it = spans_.rbegin(); it != spans_.rend(); ++it) {
      if (it->track != track) continue;
      if (it->name == name && it->start + it->dur == start) {
        it->dur += dur;
        return;
      }
      break;
    }
  }
  spans_.push_back(Span{track, name, start, dur});
}

uint64_t Timeline::track_end(const std::string& unscoped) const {
  const std::string track = scope_ ? scope_(unscoped) : unscoped;
  for (auto it = spans_.rbegin(); it != spans_.rend(); ++it)
    if (it->track == track) return it->start + it->dur;
  return 0;
}

}  // namespace ternsim
