// The lab part of bin/demo: what a user types at `bin/hotscope lab`, against a workload whose threads
// fight over a monitor and a ReentrantLock.
var w = dev.hotscope.lab.workload.Workload.start("lock-contention").waitReady(s(30))
attach(w.pid())
var waits = locks().minDuration(ms(2)).take(s(3))
waits.byThread()
waits.countBy(Event::name)
offcpu().thread("monitor-.*|reentrant-.*").hist(s(2))
tracepoint("sched:sched_swtich")
tracepoint("sched:sched_switch").field("prev_state", state -> state != 0).take(s(1)).countBy(Event::thread).head(5)
waits.save(java.nio.file.Path.of("hotscope-lab-demo.jfr"))
w.close()
/exit
