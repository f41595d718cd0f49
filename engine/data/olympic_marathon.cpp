#include "engine/data/olympic_marathon.h"

#include "engine/core/errors.h"
#include "engine/data/csv_reader.h"

#include <cmath>

namespace emu {

namespace {

struct Row
{
    double year;
    double pace;
};

// The same digits as resources/data/olympic_marathon_men.csv (checked by a test).
constexpr Row kRows[] = {
    {1896, 4.47083333333333}, {1900, 4.46472925981123}, {1904, 5.22208333333333},
    {1908, 4.1546786744085},  {1912, 3.90331674958541}, {1920, 3.5695126705653},
    {1924, 3.8245447722874},  {1928, 3.62483706600308}, {1932, 3.59284275388079},
    {1936, 3.53880791562981}, {1948, 3.6701030927835},  {1952, 3.39029110874116},
    {1956, 3.43642611683849}, {1960, 3.2058300746534},  {1964, 3.13275664573212},
    {1968, 3.32819844373346}, {1972, 3.13583757949204}, {1976, 3.07895880238575},
    {1980, 3.10581822490816}, {1984, 3.06552909112454}, {1988, 3.09357348817},
    {1992, 3.16111703598373}, {1996, 3.14255243512264}, {2000, 3.08527866650867},
    {2004, 3.1026582928467},  {2008, 2.99877552632618}, {2012, 3.03392977050993},
};

} // namespace

OlympicMarathonData olympicMarathonMen()
{
    constexpr Index n = Index(sizeof(kRows) / sizeof(kRows[0]));
    OlympicMarathonData data;
    data.years.resize(n);
    data.pace.resize(n);
    for (Index i = 0; i < n; ++i) {
        data.years(i) = kRows[i].year;
        data.pace(i) = kRows[i].pace;
    }
    return data;
}

OlympicMarathonData loadOlympicMarathonCsv(const std::string& path)
{
    const CsvTable table = readCsvFile(path);
    if (table.columns != std::vector<std::string>{"year", "pace_min_per_km"})
        throw ParseError(path, 1, "expected the columns \"year,pace_min_per_km\"");
    OlympicMarathonData data;
    data.years = table.values.col(0);
    data.pace = table.values.col(1);
    return data;
}

Standardisation Standardisation::fromData(const Vector& values)
{
    Standardisation s;
    if (values.size() == 0)
        return s;
    s.mean = values.mean();
    const double variance = (values.array() - s.mean).square().mean();
    s.sd = variance > 0.0 && std::isfinite(variance) ? std::sqrt(variance) : 1.0;
    return s;
}

Vector Standardisation::standardise(const Vector& v) const
{
    return (v.array() - mean) / sd;
}

Vector Standardisation::unstandardise(const Vector& z) const
{
    return mean + sd * z.array();
}

} // namespace emu
