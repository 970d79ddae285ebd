package data

import (
	"bufio"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDataDoesNotImportGeo checks the layering of the design notes: no
// package under data/, nor anything of this module they import, reaches
// package geo or its subpackages. Every non-test Go file counts, whatever its
// build constraints, so a file built only on one system cannot slip through.
func TestDataDoesNotImportGeo(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	module := modulePath(t, filepath.Join(root, "go.mod"))
	forbidden := module + "/geo"

	// via records who imported each package first, to print the chain.
	via := map[string]string{}
	var queue []string
	err = filepath.WalkDir(filepath.Join(root, "data"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			p := module + "/" + filepath.ToSlash(rel)
			via[p] = ""
			queue = append(queue, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		for _, imp := range packageImports(t, filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(pkg, module+"/")))) {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if imp == forbidden || strings.HasPrefix(imp, forbidden+"/") {
				chain := []string{imp, pkg}
				for p := via[pkg]; p != ""; p = via[p] {
					chain = append(chain, p)
				}
				for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
					chain[i], chain[j] = chain[j], chain[i]
				}
				t.Errorf("data reaches geo: %s", strings.Join(chain, " → "))
				continue
			}
			if _, seen := via[imp]; !seen {
				via[imp] = pkg
				queue = append(queue, imp)
			}
		}
	}
}

// modulePath reads the module line of go.mod.
func modulePath(t *testing.T, gomod string) string {
	t.Helper()
	f, err := os.Open(gomod)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	t.Fatalf("%s: no module line", gomod)
	return ""
}

// packageImports returns the imports of the non-test Go files in dir.
func packageImports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
	}
	return out
}
