package shapefile

import "testing"

func TestIsWGS84(t *testing.T) {
	tests := []struct {
		name      string
		prj       string
		ok, known bool
	}{
		{"geoBoundaries", `GEOGCS["WGS84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.017453292519943295]]`, true, true},
		{"ESRI", `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, true, true},
		{"EPSG WKT1 with authorities and newline", "GEOGCS[\"WGS 84\",\n DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],\n PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]\n", true, true},
		{"WKT2", `GEOGCRS["WGS 84",ENSEMBLE["World Geodetic System 1984 ensemble",MEMBER["World Geodetic System 1984 (G2139)"],ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north],AXIS["geodetic longitude (Lon)",east],ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",4326]]`, true, true},
		{"round brackets", `GEOGCS("WGS84",DATUM("WGS_1984",SPHEROID("WGS 84",6378137,298.257223563)),PRIMEM("Greenwich",0),UNIT("degree",0.017453292519943295))`, true, true},
		{"UTM 42N on WGS 84", `PROJCS["WGS_1984_UTM_Zone_42N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",69.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`, false, true},
		{"NAD83", `GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, false, true},
		{"grads", `GEOGCS["WGS84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["grad",0.015707963267948967]]`, false, true},
		{"Paris meridian", `GEOGCS["WGS84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Paris",2.33722917],UNIT["degree",0.017453292519943295]]`, false, true},
		{"no unit", `GEOGCS["WGS84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]]`, false, true},
		{"empty", "", false, false},
		{"blank", " \r\n", false, false},
		{"not WKT", "EPSG:4326", false, false},
		{"unclosed", `GEOGCS["WGS84",DATUM["WGS_1984"`, false, false},
		{"text after the end", `GEOGCS["WGS84"] x`, false, false},
		{"unclosed string", `GEOGCS["WGS84]`, false, false},
		{"nested too deep", deepWKT(100), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, known := IsWGS84(tt.prj)
			if ok != tt.ok || known != tt.known {
				t.Errorf("IsWGS84 = %v, %v, want %v, %v", ok, known, tt.ok, tt.known)
			}
		})
	}
}

func deepWKT(n int) string {
	s := "X[1]"
	for range n {
		s = "X[" + s + "]"
	}
	return s
}
