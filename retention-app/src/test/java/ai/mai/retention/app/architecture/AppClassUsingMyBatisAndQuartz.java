package ai.mai.retention.app.architecture;

/** Deliberately breaks "MyBatis only in adapters" and "Quartz only in the scheduler". */
class AppClassUsingMyBatisAndQuartz {
  Class<?> mybatis() {
    return org.apache.ibatis.session.SqlSession.class;
  }

  Class<?> quartz() {
    return org.quartz.Scheduler.class;
  }
}
