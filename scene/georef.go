package scene

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/afcontrol/afcontrol/geo"
)

// afghanistanPRJ is geo.Afghanistan as an ESRI .prj (WKT 1): the Lambert
// conformal conic every afcontrol map is drawn in, standard parallels 31° N
// and 37° N, central meridian 67° E, origin 34° N, on the sphere of radius
// 6,371,008.8 m, in metres with no false easting or northing. The sphere's
// lon/lat are WGS 84's, as the renderer takes them.
const afghanistanPRJ = `PROJCS["afcontrol Afghanistan Lambert Conformal Conic",` +
	`GEOGCS["GCS_Sphere_6371008.8",DATUM["D_Sphere_6371008.8",SPHEROID["Sphere_6371008.8",6371008.8,0.0]],` +
	`PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],` +
	`PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],` +
	`PARAMETER["Central_Meridian",67.0],PARAMETER["Standard_Parallel_1",31.0],PARAMETER["Standard_Parallel_2",37.0],` +
	`PARAMETER["Latitude_Of_Origin",34.0],UNIT["Meter",1.0]]`

// worldFile is the ESRI world file of an image drawn in view v: the pixel
// size in plane metres and the plane position of the top-left pixel's
// centre (world files name centres, not corners).
func worldFile(v geo.View) string {
	px := 1 / v.Scale
	return fmt.Sprintf("%.10f\n0.0000000000\n0.0000000000\n%.10f\n%.10f\n%.10f\n", px, -px, v.X0+px/2, v.Y0-px/2)
}

// sidecar returns path with its extension replaced by ext (".pgw", ".prj").
func sidecar(path, ext string) string {
	if i := strings.LastIndexByte(path, '.'); i > strings.LastIndexAny(path, `/\`) {
		return path[:i] + ext
	}
	return path + ext
}

// writeGeoreference writes, beside the image at path drawn in view v, its
// world file (.pgw), its projection as a .prj and as GDAL's .aux.xml.
func writeGeoreference(ctx context.Context, path string, v geo.View) error {
	if err := WriteAtomic(ctx, sidecar(path, ".pgw"), func(w io.Writer) error {
		_, err := io.WriteString(w, worldFile(v))
		return err
	}); err != nil {
		return fmt.Errorf("world file: %w", err)
	}
	if err := WriteAtomic(ctx, sidecar(path, ".prj"), func(w io.Writer) error {
		_, err := io.WriteString(w, afghanistanPRJ+"\n")
		return err
	}); err != nil {
		return fmt.Errorf("projection file: %w", err)
	}
	// GDAL (and so QGIS) takes a PNG's projection from its .aux.xml, not
	// from the .prj that other GIS tools read.
	if err := WriteAtomic(ctx, path+".aux.xml", func(w io.Writer) error {
		var b strings.Builder
		xml.EscapeText(&b, []byte(afghanistanPRJ))
		_, err := io.WriteString(w, "<PAMDataset>\n  <SRS>"+b.String()+"</SRS>\n</PAMDataset>\n")
		return err
	}); err != nil {
		return fmt.Errorf("projection file: %w", err)
	}
	return nil
}
