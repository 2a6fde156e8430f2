// etcd for the test API server, built in the same wrapper module as kube-apiserver
// (see deploy/k8s-test/apiserver.sh build): the same entry point as etcd's own binary.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
