#pragma once
// The men's Olympic marathon data set: gold-medal pace in minutes per kilometre, 1896–2012
// (27 games; none in 1916, 1940, 1944; the 1906 Intercalated Games are not counted).
//
// Pace is the winning time divided by that year's course length (40 km in 1896 and 1904,
// 40.26 km in 1900, 40.2 km in 1912, 42.75 km in 1920, 42.195 km from 1924). The 1904 race was
// badly organised (heat, one water stop) and is a slow outlier. The rows are compiled into the
// engine, so the playground needs no file at run time; resources/data/olympic_marathon_men.csv
// holds the same numbers and a test checks that the two agree.
//
// Models are fitted on standardised values, z = (v − mean)/sd with the POPULATION standard
// deviation sd = √(Σ(v − mean)²/n), and report results back in years and min/km:
// v = mean + sd·z, and variances scale by sd².

#include "engine/core/types.h"

#include <string>

namespace emu {

/// Years and winning pace of the men's Olympic marathon.
struct OlympicMarathonData
{
    Vector years; ///< year of the games (1896 … 2012), increasing
    Vector pace;  ///< gold-medal pace in minutes per kilometre
};

/// The 27 rows compiled into the engine.
OlympicMarathonData olympicMarathonMen();
/// Reads the same data from a CSV file with columns "year" and "pace_min_per_km"; throws
/// Error if the file cannot be opened, ParseError if it is malformed or has other columns.
OlympicMarathonData loadOlympicMarathonCsv(const std::string& path);

/// Alan Turing's marathon pace: 2 h 46 min 03 s over 42.195 km, in min/km (≈ 3.935).
inline constexpr double kTuringPace = (2.0 * 60.0 + 46.0 + 3.0 / 60.0) / 42.195;
/// The year of Turing's question (no games were held; the run itself was in August 1947).
inline constexpr double kTuringYear = 1946.0;

/// z = (v − mean)/sd with the population standard deviation (sd = 1 for constant data).
struct Standardisation
{
    double mean = 0.0; ///< the mean of the data
    double sd = 1.0;   ///< the population standard deviation of the data (> 0)

    /// Mean and population standard deviation of `values` (sd = 1 if they are all equal).
    static Standardisation fromData(const Vector& values);
    /// (v − mean)/sd.
    double standardise(double v) const { return (v - mean) / sd; }
    /// mean + sd·z.
    double unstandardise(double z) const { return mean + sd * z; }
    /// Every entry standardised.
    Vector standardise(const Vector& v) const;
    /// Every entry back in the original units.
    Vector unstandardise(const Vector& z) const;
    /// A variance back in the original units (× sd²).
    double unstandardiseVariance(double variance) const { return variance * sd * sd; }
};

} // namespace emu
